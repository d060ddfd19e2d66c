package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.QueryPlan;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox sender's round query on a real SQLite file with a backlog: due earliest first, not yet due left out, and
 * read in that order off an index that bounds it by the due time, neither sorting the due mails nor walking the
 * pending ones that are not due.
 */
class OutboxDueQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRoundReadsTheMailsDueEarliestOffAnIndexWithoutSortingTheQueue() {
        Database database = Database.open(dir.resolve("gateway.db"));
        database.inTransaction(connection -> {
            Sql.update(connection, "INSERT INTO tickets (id, subject, reporter, channel, status, received_at, "
                    + "updated_at) VALUES ('CSIRT#2026-000001', 's', 'r@example.org', 'csirt', 'new', ?, ?)", NOW, NOW);
            for (int i = 1; i <= 2_000; i++) {
                // a third wait for a retry after an SMTP failure (not due yet), a third have waited longest
                String due = i % 3 == 0 ? "2026-11-26T13:00:00Z" : i % 3 == 1 ? "2026-11-26T11:00:00Z"
                        : "2026-11-26T10:00:00Z";
                Sql.update(connection, "INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, "
                        + "next_attempt_at, created_at) VALUES ('CSIRT#2026-000001', 'acknowledgement', ?, ?, ?, "
                        + "?, ?, ?)", "r" + i + "@example.org", "m" + i, new byte[3_000],
                        i <= 500 ? "sent" : "pending", due, NOW);
            }
            return null;
        });

        List<Long> round = database.read(connection -> Sql.list(connection, OutboxSender.DUE,
                row -> row.getLong("id"), NOW, OutboxSender.ROUND));
        String plan = QueryPlan.of(database, OutboxSender.DUE, NOW, OutboxSender.ROUND);

        // 500 pending mails are due since 10:00: the round is the first 100 of them, in the order queued
        assertThat(round).hasSize(OutboxSender.ROUND).isSorted().startsWith(503L, 506L, 509L)
                .allMatch(id -> id > 500 && id % 3 == 2);
        assertThat(plan).contains("USING INDEX outbox_pending (state=? AND next_attempt_at<?)")
                .doesNotContain("TEMP B-TREE");
    }
}
