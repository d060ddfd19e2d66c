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

    @Test
    void theOutboxOfOneTicketIsReadThroughAnIndexNotTheWholeOutbox() {
        Database database = Database.open(dir.resolve("t.db"));

        // the acknowledgement time of each ticket (ticket list, dashboard trend: TicketQueries, TrendReport)
        assertThat(QueryPlan.of(database, """
                SELECT t.id, (SELECT MIN(o.sent_at) FROM outbox o
                               WHERE o.ticket_id = t.id AND o.kind = 'acknowledgement' AND o.state = 'sent')
                  FROM tickets t"""))
                .contains("SEARCH o USING INDEX outbox_ticket (ticket_id=? AND kind=?)");
        // the ticket page's acknowledgement and its outgoing mail (TicketQueries, TicketLifeQueries)
        assertThat(QueryPlan.of(database, "SELECT state, recipient, sent_at, last_error FROM outbox "
                + "WHERE ticket_id = 'CSIRT#2026-000001' AND kind = 'acknowledgement' ORDER BY id LIMIT 1"))
                .contains("USING INDEX outbox_ticket (ticket_id=? AND kind=?)");
        assertThat(QueryPlan.of(database, "SELECT id, kind, recipient, state, sent_at FROM outbox "
                + "WHERE ticket_id = 'CSIRT#2026-000001' ORDER BY id"))
                .contains("USING INDEX outbox_ticket (ticket_id=?)").doesNotContain("SCAN outbox");
    }

    private static long count(Database database, String sql) {
        return database.read(connection -> Sql.count(connection, sql));
    }
}
