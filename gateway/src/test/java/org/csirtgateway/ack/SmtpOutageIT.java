package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP server that sends our mail is down when reports arrive: acknowledgements wait in the outbox, the failure
 * shows on the ticket and in health, and when the server comes up each reporter gets exactly one acknowledgement.
 * The outbox backs off from 0.2 s up to 1 s here (smtp.retry.*), with more attempts than any wait of this test
 * takes, so it is still retrying, at most a second apart, when the server comes up.
 */
class SmtpOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Where reports arrive (IMAP) and are sent from; the gateway's own SMTP server is a different one. */
    @RegisterExtension
    static final GreenMailExtension INBOX = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    @Test
    void anSmtpOutageDelaysAcknowledgementsWithoutLosingOrDoublingAny() throws Exception {
        int outgoingPort = freePort();
        try (Gateway gateway = new Gateway(TestGatewayConfig.create(INBOX, dataDir, Map.of(
                "smtp.port", String.valueOf(outgoingPort), "smtp.retry.initialSeconds", "0.2",
                "smtp.retry.capSeconds", "1", "smtp.maxAttempts", "1000")), Clock.systemUTC())) {
            gateway.start();
            String[] reporters = {"one@a.example", "two@b.example", "three@c.example"};
            for (String reporter : reporters) {
                Mails.send(INBOX.getSmtp().getPort(), reporter, TestGatewayConfig.TEAM_ADDRESS,
                        "Report from " + reporter, "Something is wrong.", null, Map.of());
            }
            Eventually.await("three tickets", WAIT, () -> gateway.tickets().list(1, 0).total() == 3);
            TicketDetail waiting = Eventually.await("a delivery error on a ticket", WAIT, () ->
                    gateway.tickets().list(10, 0).tickets().stream()
                            .map(hit -> gateway.tickets().find(hit.ticket().id()).orElseThrow())
                            .filter(t -> t.acknowledgement().lastError() != null).findFirst().orElse(null));
            assertThat(waiting.acknowledgement().delivery()).isEqualTo("pending");
            assertThat(waiting.acknowledgement().lastError()).contains("SMTP server unavailable");
            assertThat(waiting.life().outgoing()).singleElement()
                    .satisfies(mail -> assertThat(mail.lastError()).contains("SMTP server unavailable"));
            assertThat(gateway.health().pendingAcknowledgements()).isEqualTo(3);

            GreenMail outgoing = new GreenMail(new ServerSetup(outgoingPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            outgoing.start();
            try {
                Eventually.await("three acknowledgements after the outage", WAIT,
                        () -> outgoing.getReceivedMessages().length >= 3);
                Eventually.await("the outbox drained", WAIT, () -> gateway.health().pendingOutgoing() == 0);
                Thread.sleep(2000);
                MimeMessage[] sent = outgoing.getReceivedMessages();
                assertThat(sent).hasSize(3);
                assertThat(Arrays.stream(sent).map(SmtpOutageIT::recipient))
                        .containsExactlyInAnyOrder(reporters);
                assertThat(gateway.tickets().list(10, 0).tickets()).allSatisfy(hit ->
                        assertThat(hit.ticket().acknowledgedAt()).isNotNull());
                assertThat(gateway.health().failedOutgoing()).isZero();

                // A mail the sender gave up on (after its retries) is counted in health and shown on its ticket.
                String ticketId = gateway.database().inTransaction(connection -> {
                    Sql.update(connection, "UPDATE outbox SET state = 'failed', last_error = '550 mailbox unavailable'"
                            + " WHERE id = (SELECT MIN(id) FROM outbox)");
                    return Sql.one(connection, "SELECT ticket_id FROM outbox WHERE state = 'failed'",
                            row -> row.getString(1)).orElseThrow();
                });
                assertThat(gateway.health().failedOutgoing()).isEqualTo(1);
                TicketDetail failed = gateway.tickets().find(ticketId).orElseThrow();
                assertThat(failed.acknowledgement().delivery()).isEqualTo("failed");
                assertThat(failed.life().outgoing()).singleElement()
                        .satisfies(mail -> assertThat(mail.lastError()).contains("550"));
            } finally {
                outgoing.stop();
            }
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
