package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.csirtgateway.retry.RetryPolicy;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox waits between attempts as its SMTP settings' retry policy says, and marks a mail failed at the policy's
 * last attempt: against a port where no SMTP server listens, on a real SQLite file, with a clock that stands still.
 */
class OutboxRetryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anUndeliveredMailWaitsAsTheSmtpRetryPolicySaysAndFailsAtItsLastAttempt() throws IOException {
        Database database = Database.open(dir.resolve("gateway.db"));
        queueOneMail(database);
        RetryPolicy retry = RetryPolicy.backoff(Duration.ofMillis(200), 3, Duration.ofSeconds(1)).withMaxAttempts(3);
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", closedPort(), "plain", "", "", retry);

        new OutboxSender(database, smtp, Clock.fixed(NOW, ZoneOffset.UTC)).sendDue();
        assertThat(outbox(database)).isEqualTo("pending 1 2026-11-26T12:00:00.200Z");

        new OutboxSender(database, smtp, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC)).sendDue();
        assertThat(outbox(database)).isEqualTo("pending 2 2026-11-26T12:00:01.600Z");

        new OutboxSender(database, smtp, Clock.fixed(NOW.plusSeconds(2), ZoneOffset.UTC)).sendDue();
        assertThat(outbox(database)).startsWith("failed 3 ");
    }

    private static void queueOneMail(Database database) {
        database.inTransaction(connection -> {
            Sql.update(connection, "INSERT INTO tickets (id, subject, reporter, channel, status, received_at, "
                    + "updated_at) VALUES ('CSIRT#2026-000001', 's', 'r@example.org', 'csirt', 'new', ?, ?)", NOW, NOW);
            return Sql.update(connection, "INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, "
                    + "next_attempt_at, created_at) VALUES ('CSIRT#2026-000001', 'acknowledgement', 'r@example.org', "
                    + "'m1', ?, 'pending', ?, ?)", "Subject: s\r\n\r\nbody\r\n".getBytes(), NOW, NOW);
        });
    }

    /** State, attempts and next attempt of the one mail. */
    private static String outbox(Database database) {
        return database.read(connection -> Sql.one(connection,
                "SELECT state || ' ' || attempts || ' ' || next_attempt_at FROM outbox", row -> row.getString(1)))
                .orElseThrow();
    }

    /** A loopback port where nothing listens: connecting is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
