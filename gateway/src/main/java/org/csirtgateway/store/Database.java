package org.csirtgateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;

import org.sqlite.SQLiteConfig;

/**
 * The gateway's SQLite database: one file, WAL journal, schema migrations applied at open.
 *
 * <p>Each unit of work ({@link #inTransaction}, {@link #read}) runs on a connection of its own, taken from a few kept
 * open and reused: opening one costs its pragmas and the schema parse, and closing the last connection of a WAL
 * database checkpoints the whole log with forced writes, which done per unit of work capped intake at a few dozen
 * messages per second. The log is checkpointed by SQLite as it grows instead.
 *
 * <p>Durability: {@code synchronous=FULL}, so every committed transaction is on disk (the WAL is forced) before
 * {@code inTransaction} returns, and survives a power loss, not only a crash of the process. The gateway relies on
 * that twice: a message is committed before it is moved on the IMAP server, and an outgoing mail is committed as
 * {@code sending} before it is handed to the SMTP server. {@code NORMAL} would be durable against a crashed process
 * only; the cost of {@code FULL} is one forced write per transaction, which callers amortise by batching their work
 * into few transactions (keep a poll batch, ticket a batch) rather than by weakening it.
 *
 * <p>Writers of this process queue for the write lock in arrival order ({@link #inTransaction}), so the intake worker
 * and the outbox sender take turns instead of polling SQLite's busy handler; other processes (command-line tools next
 * to a running gateway) are waited for with the busy timeout.
 */
public final class Database implements AutoCloseable {

    /** Migrations in order; the index + 1 is the schema version. Never edit a released one: add a new file. */
    private static final List<String> MIGRATIONS = List.of("db/V1__initial.sql", "db/V2__intake.sql",
            "db/V4__evidence.sql", "db/V5__pgp.sql", "db/V6__ticket_life.sql",
            "db/V7__similarity.sql", "db/V9__triage.sql", "db/V10__speed.sql",
            "db/V11__ui_language.sql", "db/V12__accounts.sql", "db/V13__content_index.sql",
            "db/V14__outbox_ticket.sql", "db/V15__archive_packs.sql", "db/V16__stages_due.sql",
            "db/V17__protected_parts.sql", "db/V18__key_conflicts.sql");

    /** Connections kept open for reuse; more may be open while in use, the rest are closed when returned. */
    private static final int MAX_IDLE = 4;
    /** Closes the kept connections of a database that was dropped without {@link #close}, e.g. by a test. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final String url;
    private final Connections idle;
    private final Cleaner.Cleanable cleanable;
    private final ReentrantLock writer = new ReentrantLock(true);

    private Database(Path file) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.idle = new Connections();
        this.cleanable = CLEANER.register(this, idle);
    }

    /** The schema version this gateway brings a database to: one per migration. */
    public static int schemaVersion() {
        return MIGRATIONS.size();
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static Database open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot create the directory for database " + file + ": " + e.getMessage(), e);
        }
        Database database = new Database(file);
        database.migrate();
        return database;
    }

    /** A unit of work that returns a value. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed (durably, see the class comment) when it returns, rolled back
     * when it throws. Keep network I/O out of {@code work}: other writers wait while it runs.
     */
    public <T> T inTransaction(Work<T> work) {
        writer.lock();
        Connection connection = null;
        boolean reusable = false;
        try {
            connection = borrow();
            // Transactions begin IMMEDIATE (see connect): the write lock is taken up front, so two writers never
            // deadlock upgrading read locks.
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                connection.setAutoCommit(true);
                reusable = true;
                throw e;
            }
            connection.setAutoCommit(true);
            reusable = true;
            return result;
        } catch (SQLException e) {
            throw new StoreException("Database transaction failed: " + e.getMessage(), e);
        } finally {
            giveBack(connection, reusable);
            writer.unlock();
        }
    }

    /** Runs read-only {@code work} on a connection of its own. */
    public <T> T read(Work<T> work) {
        Connection connection = null;
        boolean reusable = false;
        try {
            connection = borrow();
            T result = work.run(connection);
            reusable = connection.getAutoCommit();
            return result;
        } catch (SQLException e) {
            throw new StoreException("Database read failed: " + e.getMessage(), e);
        } finally {
            giveBack(connection, reusable);
        }
    }

    /** Closes the connections kept for reuse. Units of work still running finish; later ones open new connections. */
    @Override
    public void close() {
        cleanable.clean();
    }

    private Connection borrow() throws SQLException {
        Connection kept = idle.pollFirst();
        return kept != null ? kept : connect();
    }

    /** Keeps a connection in a known state for the next unit of work; closes it otherwise, or when enough are kept. */
    private void giveBack(Connection connection, boolean reusable) {
        if (connection == null) {
            return;
        }
        if (reusable && !idle.closed && idle.size() < MAX_IDLE) {
            idle.offerFirst(connection);
            if (!idle.closed) {
                return;
            }
            idle.remove(connection);
        }
        Connections.closeQuietly(connection);
    }

    /** The connections kept open; closed when the database is closed or dropped. */
    private static final class Connections extends ConcurrentLinkedDeque<Connection> implements Runnable {
        private volatile boolean closed;

        @Override
        public void run() {
            closed = true;
            for (Connection connection = pollFirst(); connection != null; connection = pollFirst()) {
                closeQuietly(connection);
            }
        }

        static void closeQuietly(Connection connection) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing was pending on it; the file stays consistent.
            }
        }
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        return StatementReuse.wrap(DriverManager.getConnection(url, config.toProperties()));
    }

    private void migrate() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current;
            try (var rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current > MIGRATIONS.size()) {
                throw new StoreException("Database schema version " + current + " is newer than this gateway knows ("
                        + MIGRATIONS.size() + "); upgrade the gateway instead of downgrading", null);
            }
            for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
                applyMigration(connection, version, MIGRATIONS.get(version - 1));
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot open database " + url + ": " + e.getMessage(), e);
        }
    }

    private static void applyMigration(Connection connection, int version, String resource) throws SQLException {
        String script = readResource(resource);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.split("(?m)^;\\s*$")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration " + resource + " failed: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String readResource(String resource) {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
