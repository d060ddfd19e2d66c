package org.csirtgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison message (one that makes a later stage fail every time) is retried with backoff, then quarantined with a
 * reason a person can read; it never holds up the messages behind it and never stops the poller. The failure is a
 * real one: a database trigger refuses to place any message whose subject says "poison" on a ticket, the way a
 * constraint or a bug in the ticket stage would.
 */
class PoisonMessageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    private Gateway gateway;

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void poisonMessageIsRetriedThenQuarantinedWithAReasonWhileTheOnesBehindItAreTicketed() {
        GatewayConfig config = TestGatewayConfig.create(MAIL, dataDir,
                Map.of("intake.maxAttempts", "3", "intake.retrySeconds", "1"));
        Database.open(config.databaseFile()).inTransaction(connection -> Sql.update(connection, """
                CREATE TRIGGER refuse_poison BEFORE INSERT ON messages WHEN NEW.subject LIKE '%poison%'
                BEGIN SELECT RAISE(ABORT, 'ticket stage refused this message'); END"""));
        gateway = new Gateway(config, Clock.systemUTC());
        gateway.start();

        send("This one is poison", "poison-1@reporter.example");
        send("Botnet C2 at 203.0.113.77", "behind-1@reporter.example");
        send("Exposed RDP on 198.51.100.20", "behind-2@reporter.example");

        Eventually.await("the two messages behind the poison ticketed", WAIT,
                () -> gateway.tickets().list(100, 0).total() == 2);
        Quarantined poison = Eventually.await("the poison message quarantined", WAIT, () -> quarantined().stream()
                .findFirst().orElse(null));

        assertThat(poison.attempts()).isEqualTo(3);
        assertThat(poison.reason())
                .startsWith("Placing on a ticket failed 3 time(s); last error:")
                .contains("ticket stage refused this message");
        assertThat(gateway.health().quarantined()).isEqualTo(1);
        assertThat(gateway.health().channels().get(0).quarantined()).isEqualTo(1);
        assertThat(gateway.health().channels().get(0).connected()).isTrue();

        send("Another report after the quarantine", "after-1@reporter.example");
        Eventually.await("the poller still taking mail", WAIT, () -> gateway.tickets().list(100, 0).total() == 3);
    }

    @Test
    void messageWithBrokenMimeIsTicketedOrQuarantinedNeverLost() throws Exception {
        gateway = new Gateway(TestGatewayConfig.create(MAIL, dataDir), Clock.systemUTC());
        gateway.start();
        // Mime4j reads almost anything; what is left is recorded as a parse warning on a ticket. The outcome that
        // matters: the message is either ticketed or quarantined with a reason, never lost.
        Mails.send(MAIL.getSmtp().getPort(), "x@reporter.example", TestGatewayConfig.TEAM_ADDRESS, "\u0000\u0001",
                "\u0000", "odd-1@reporter.example", Map.of("Content-Type", "multipart/mixed; boundary="));

        Eventually.await("the message ticketed or quarantined", WAIT, () -> gateway.database().read(connection ->
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state IN ('processed', "
                        + "'quarantined')")) == 1);
    }

    private record Quarantined(int attempts, String reason) {
    }

    private List<Quarantined> quarantined() {
        return gateway.database().read(connection -> Sql.list(connection,
                "SELECT attempts, failure FROM raw_messages WHERE state = 'quarantined'",
                row -> new Quarantined(row.getInt(1), row.getString(2))));
    }

    private static void send(String subject, String messageId) {
        Mails.send(MAIL.getSmtp().getPort(), "reporter@reporter.example", TestGatewayConfig.TEAM_ADDRESS, subject,
                "Details of " + subject, messageId, Map.of());
    }
}
