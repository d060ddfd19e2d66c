package org.csirtgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept messages are placed on tickets a batch per transaction. A message that makes the ticket stage fail must not
 * take its batch down with it: the batch is placed again one message per transaction, the others are ticketed in the
 * same pass, and only the failing one is retried (and in the end quarantined). The failure is a real one: a database
 * trigger refuses any message whose subject says "poison", as a constraint or a bug in the ticket stage would.
 */
class BatchProcessingTest {

    @TempDir
    Path data;

    @Test
    void aPoisonMessageInABatchIsRetriedAloneWhileTheRestOfItsBatchIsTicketed() throws Exception {
        try (GatewayCore intake = DataDirectories.open(data)) {
            intake.database().inTransaction(connection -> Sql.update(connection, """
                    CREATE TRIGGER refuse_poison BEFORE INSERT ON messages WHEN NEW.subject LIKE '%poison%'
                    BEGIN SELECT RAISE(ABORT, 'ticket stage refused this message'); END"""));
            List<IntakePipeline.Incoming> incoming = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                String subject = n == 17 ? "This one is poison" : "Scanning from 198.51.100." + n;
                byte[] raw = ("From: r" + n + "@reporter.example\r\nSubject: " + subject + "\r\nMessage-ID: <batch-"
                        + n + "@reporter.example>\r\n\r\nReport number " + n + " about 198.51.100." + n + "\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                incoming.add(new IntakePipeline.Incoming("test:" + n, out -> out.write(raw)));
            }
            List<Long> kept = intake.pipeline().keepAll("csirt", incoming).stream().map(Optional::orElseThrow)
                    .toList();

            intake.pipeline().processAll(kept);

            assertThat(count(intake, "SELECT COUNT(*) FROM tickets")).isEqualTo(39);
            assertThat(count(intake, "SELECT COUNT(*) FROM raw_messages WHERE state = 'processed'")).isEqualTo(39);
            String failure = intake.database().read(connection -> Sql.one(connection,
                    "SELECT attempts || ' ' || failure FROM raw_messages WHERE state = 'pending'",
                    row -> row.getString(1))).orElseThrow();
            assertThat(failure).startsWith("1 Attempt 1 of").contains("Placing on a ticket")
                    .contains("ticket stage refused this message");
            // Ticket numbers follow the order the messages were kept in, the poison message's turn skipped.
            List<String> ticketsInKeptOrder = intake.database().read(connection -> Sql.list(connection,
                    "SELECT t.id FROM tickets t JOIN messages m ON m.ticket_id = t.id ORDER BY m.raw_id",
                    row -> row.getString(1)));
            assertThat(ticketsInKeptOrder).isSorted();
        }
    }

    private static long count(GatewayCore intake, String sql) {
        return intake.database().read(connection -> Sql.count(connection, sql));
    }
}
