package org.csirtgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite file: created with its schema on first open, left as it is (data included) on every later open. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void newDatabaseFileGetsTheWholeSchema() {
        Database database = Database.open(dir.resolve("nested").resolve("t.db"));

        List<String> tables = database.read(connection -> Sql.list(connection,
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", row -> row.getString(1)));

        assertThat(tables).contains("raw_messages", "tickets", "messages", "outbox", "ticket_sequences",
                "acknowledgement_decisions", "schema_version");
        assertThat(dir.resolve("nested").resolve("t.db")).isRegularFile();
    }

    @Test
    void reopeningAppliesNoMigrationTwiceAndKeepsTheData() {
        Path file = dir.resolve("t.db");
        Database.open(file).inTransaction(connection -> Sql.update(connection,
                "INSERT INTO ticket_sequences (year, last_number) VALUES (2026, 41)"));

        Database reopened = Database.open(file);
        Database.open(file);

        assertThat(count(reopened, "SELECT COUNT(*) FROM schema_version")).isEqualTo(Database.schemaVersion());
        assertThat(count(reopened, "SELECT last_number FROM ticket_sequences WHERE year = 2026")).isEqualTo(41);
    }

    @Test
    void failedTransactionIsRolledBack() {
        Database database = Database.open(dir.resolve("t.db"));

        try {
            database.inTransaction(connection -> {
                Sql.update(connection, "INSERT INTO ticket_sequences (year, last_number) VALUES (2026, 1)");
                throw new IllegalStateException("the ticket could not be placed");
            });
        } catch (IllegalStateException expected) {
            // the work failed; its insert must be gone
        }

        assertThat(count(database, "SELECT COUNT(*) FROM ticket_sequences")).isZero();
    }

    private static long count(Database database, String sql) {
        return database.read(connection -> Sql.count(connection, sql));
    }
}
