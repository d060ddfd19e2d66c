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
import java.util.List;

import org.sqlite.SQLiteConfig;

/**
 * The gateway's SQLite database: one file, WAL journal, schema migrations applied at open.
 *
 * <p>Each unit of work opens its own connection ({@link #inTransaction}, {@link #read}); SQLite serialises writers and
 * the busy timeout makes concurrent writers wait instead of failing.
 */
public final class Database {

    /** Migrations in order; the index + 1 is the schema version. Never edit a released one: add a new file. */
    private static final List<String> MIGRATIONS = List.of("db/V1__initial.sql", "db/V2__intake.sql",
            "db/V4__evidence.sql", "db/V5__pgp.sql", "db/V6__ticket_life.sql",
            "db/V7__similarity.sql", "db/V9__triage.sql",
            "db/V11__ui_language.sql", "db/V12__accounts.sql");

    private final String url;

    private Database(Path file) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
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

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = connect()) {
            // Transactions begin IMMEDIATE (see connect): the write lock is taken up front, so two writers never
            // deadlock upgrading read locks.
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Database transaction failed: " + e.getMessage(), e);
        }
    }

    /** Runs read-only {@code work} on its own connection. */
    public <T> T read(Work<T> work) {
        try (Connection connection = connect()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("Database read failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        return DriverManager.getConnection(url, config.toProperties());
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
