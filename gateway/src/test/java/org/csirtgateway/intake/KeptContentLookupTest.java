package org.csirtgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.QueryPlan;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Are these bytes kept already, under any channel or source?" is asked for every imported message: on a real SQLite
 * file it finds the earlier copy and reads an index, so an import does not slow down as the archive grows.
 */
class KeptContentLookupTest {

    @TempDir
    Path dir;

    @Test
    void keptBytesAreFoundByTheirHashInAnyChannelThroughAnIndex() {
        Database database = Database.open(dir.resolve("gateway.db"));
        Random random = new Random(7);
        String known = sha256(random);
        database.inTransaction(connection -> {
            for (int i = 0; i < 3_000; i++) {
                Sql.insert(connection, "INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, "
                        + "state) VALUES (?, 100, 'csirt', ?, '2026-11-26T12:00:00Z', 'processed')",
                        i == 1_234 ? known : sha256(random), "imap:INBOX:1:" + i);
            }
            return null;
        });

        Optional<Long> found = database.read(connection -> Sql.one(connection, KeepStage.SAME_CONTENT,
                row -> row.getLong(1), known));
        Optional<Long> unknown = database.read(connection -> Sql.one(connection, KeepStage.SAME_CONTENT,
                row -> row.getLong(1), sha256(random)));
        String plan = QueryPlan.of(database, KeepStage.SAME_CONTENT, known);

        assertThat(found).contains(1_235L);
        assertThat(unknown).isEmpty();
        assertThat(plan).contains("USING COVERING INDEX raw_messages_sha256 (sha256=?)")
                .doesNotContain("SCAN raw_messages");
    }

    private static String sha256(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
