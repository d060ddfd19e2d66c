package org.csirtgateway.intake;

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
 * The intake worker's next batch on a real SQLite file with a backlog: oldest due first, retries not yet due left
 * out, read in id order from an index instead of sorting the whole backlog on every call.
 */
class IntakeDueQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theNextBatchIsTheOldestDueWithoutSortingTheBacklog() {
        Database database = Database.open(dir.resolve("gateway.db"));
        database.inTransaction(connection -> {
            for (int i = 1; i <= 3_000; i++) {
                // every fourth pending message failed once and waits for its retry: not due yet
                String retry = i % 4 == 0 ? "2026-11-26T12:05:00Z" : i % 4 == 1 ? "2026-11-26T11:59:00Z" : null;
                Sql.insert(connection, "INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, "
                        + "state, next_attempt_at) VALUES (?, 100, 'csirt', ?, ?, ?, ?)", "%064d".formatted(i),
                        "imap:INBOX:1:" + i, NOW, i <= 1_000 ? "processed" : "pending", retry);
            }
            return null;
        });

        List<Long> batch = database.read(connection -> Sql.list(connection, IntakePipeline.DUE,
                row -> row.getLong(1), NOW, 200));
        String plan = QueryPlan.of(database, IntakePipeline.DUE, NOW, 200);

        assertThat(batch).hasSize(200).isSorted().startsWith(1_001L, 1_002L, 1_003L, 1_005L)
                .allMatch(id -> id > 1_000 && id % 4 != 0);
        assertThat(plan).contains("USING INDEX raw_messages_state (state=?)")
                .doesNotContain("TEMP B-TREE");
    }
}
