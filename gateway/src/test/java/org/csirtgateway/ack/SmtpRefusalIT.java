package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
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
 * A mail the SMTP server refuses for good is not an outage: it is marked failed at once with the server's reply, shown
 * on its ticket and counted in the metrics, never retried, and the mail behind it in the same round still goes out.
 * The refusal is GreenMail's own: like most servers it answers a command line longer than it accepts (here a RCPT TO
 * naming a forged sender address of 5,000 characters) with "500 Command too long".
 */
class SmtpRefusalIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    @Test
    void aMailTheServerRefusesForGoodIsMarkedFailedWithItsReplyAndTheOthersStillGoOut() throws Exception {
        String overlong = "x".repeat(5000) + "@forged.example";
        try (Gateway gateway = new Gateway(TestGatewayConfig.create(MAIL, dataDir,
                Map.of("smtp.retry.initialSeconds", "0.5")), Clock.systemUTC())) {
            GreenMailUser mailbox = MAIL.getUserManager().getUser(TestGatewayConfig.TEAM_ADDRESS);
            Session session = Session.getInstance(new Properties());
            // Put straight into the mailbox: the forged address is too long for SMTP on the way in, too.
            mailbox.deliver(Mails.message(session, overlong, TestGatewayConfig.TEAM_ADDRESS,
                    "Phishing report", "Please look at 203.0.113.9.", "refused-1@forged.example", Map.of()));
            mailbox.deliver(Mails.message(session, "alice@reporter.example", TestGatewayConfig.TEAM_ADDRESS,
                    "Scanning report", "Port scans from 198.51.100.7.", "accepted-1@reporter.example", Map.of()));
            gateway.start();

            Eventually.await("the acknowledgement to alice", WAIT, () -> Arrays.stream(MAIL.getReceivedMessages())
                    .anyMatch(message -> recipient(message).equals("alice@reporter.example")));
            String refusedTicket = Eventually.await("the refused acknowledgement failed", WAIT, () ->
                    gateway.database().read(connection -> Sql.one(connection,
                            "SELECT ticket_id FROM outbox WHERE state = 'failed'", row -> row.getString(1)))
                            .orElse(null));

            TicketDetail ticket = gateway.tickets().find(refusedTicket).orElseThrow();
            assertThat(ticket.acknowledgement().delivery()).isEqualTo("failed");
            assertThat(ticket.acknowledgement().lastError())
                    .startsWith("Refused by the SMTP server at RCPT: 500")
                    .contains("Command too long");
            assertThat(gateway.health().failedOutgoing()).isEqualTo(1);
            assertThat(gateway.metrics().registry().scrape()).contains("csirt_outgoing_refused_total 1");

            Thread.sleep(1500); // three times the first retry delay of a temporary failure (smtp.retry, 0.5 s)
            int attempts = gateway.database().read(connection -> Sql.one(connection,
                    "SELECT attempts FROM outbox WHERE ticket_id = ?", row -> row.getInt(1), refusedTicket))
                    .orElseThrow();
            assertThat(attempts).as("attempts of the refused mail: never retried").isEqualTo(1);
            assertThat(Arrays.stream(MAIL.getReceivedMessages()).map(SmtpRefusalIT::recipient)
                    .filter(to -> !to.equals(TestGatewayConfig.TEAM_ADDRESS))).containsExactly("alice@reporter.example");
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }
}
