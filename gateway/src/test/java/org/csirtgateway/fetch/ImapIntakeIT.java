package org.csirtgateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.MailboxClient;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.TicketSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP intake against GreenMail: keep first, then move to the processed folder (or flag \Seen); IDLE instead of
 * waiting for the poll interval; a UIDVALIDITY change creates nothing twice; several named mailboxes; TLS refused
 * when the server's certificate is not trusted.
 */
class ImapIntakeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TEAM = TestGatewayConfig.TEAM_ADDRESS;
    private static final String PASSWORD = TestGatewayConfig.MAILBOX_PASSWORD;

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
    void keptMessageIsMovedToTheProcessedFolderWhichIsCreatedWhenMissing() {
        start(Map.of("imap.processedFolder", "Processed"));
        try (MailboxClient mailbox = MailboxClient.plain(imapPort(), TEAM, PASSWORD)) {
            assertThat(mailbox.count("Processed")).isEqualTo(-1);

            send("Defacement of www.example.org", "move-1@reporter.example");

            awaitTickets(1);
            Eventually.await("the report moved to Processed", WAIT, () -> mailbox.count("Processed") == 1);
            assertThat(mailbox.count("INBOX")).isZero();
        }
    }

    @Test
    void withoutAProcessedFolderTheKeptMessageIsFlaggedSeenAndStaysInTheInbox() {
        start(Map.of());
        try (MailboxClient mailbox = MailboxClient.plain(imapPort(), TEAM, PASSWORD)) {
            send("Open resolver at 192.0.2.53", "seen-1@reporter.example");

            awaitTickets(1);
            Eventually.await("the report flagged \\Seen", WAIT, () -> mailbox.seen("INBOX") == 1);
            assertThat(mailbox.count("INBOX")).isEqualTo(1);
        }
    }

    @Test
    void newMailIsTakenWithIdleLongBeforeThePollInterval() {
        start(Map.of("imap.pollSeconds", "300"));
        Eventually.await("the first poll", WAIT, () -> gateway.health().channels().get(0).lastSuccessfulPoll());

        long sent = System.nanoTime();
        send("Credential phishing kit", "idle-1@reporter.example");
        awaitTickets(1);

        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void uidValidityChangeScansTheFolderAgainButCreatesNothingNew() throws InterruptedException {
        List<byte[]> reports = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            reports.add(Mails.raw("reporter" + i + "@isp.example", TEAM, "Report " + i, "Details " + i,
                    "uidv-" + i + "@isp.example"));
        }
        MAIL.setUser(TEAM, TEAM, PASSWORD);
        try (MailboxClient mailbox = MailboxClient.plain(imapPort(), TEAM, PASSWORD)) {
            mailbox.append("Reports", reports);
            long before = mailbox.uidValidity("Reports");
            start(Map.of("imap.folder", "Reports"));
            awaitTickets(3);

            mailbox.delete("Reports");
            // GreenMail derives UIDVALIDITY from the clock in seconds: the folder returns a second later.
            Thread.sleep(1100);
            mailbox.append("Reports", reports);
            mailbox.append("Reports", List.of(Mails.raw("late@isp.example", TEAM, "Report 4", "Details 4",
                    "uidv-4@isp.example")));
            assertThat(mailbox.uidValidity("Reports")).isNotEqualTo(before);

            awaitTickets(4);
            Eventually.await("all four flagged \\Seen", WAIT, () -> mailbox.seen("Reports") == 4);
        }
        assertThat(gateway.tickets().list(100, 0).tickets()).hasSize(4);
        assertThat(rawMessages()).isEqualTo(4);
    }

    @Test
    void eachMailboxIsANamedChannelShownOnItsTicketsAndInHealth() {
        MAIL.setUser("abuse@example.org", "abuse@example.org", "abuse-secret");
        start(Map.of("imap.channels", "abuse", "imap.abuse.user", "abuse@example.org",
                "imap.abuse.password", "abuse-secret", "imap.abuse.processedFolder", "Done"));

        send("Phishing at csirt@", "chan-1@reporter.example");
        Mails.send(MAIL.getSmtp().getPort(), "someone@reporter.example", "abuse@example.org", "Spam from your network",
                "Spam run from 198.51.100.9.", "chan-2@reporter.example", Map.of());

        List<TicketSummary> tickets = awaitTickets(2);
        assertThat(tickets).extracting(t -> t.subject() + " via " + t.channel())
                .containsExactlyInAnyOrder("Phishing at csirt@ via csirt", "Spam from your network via abuse");
        HealthReport health = Eventually.await("both channels connected", WAIT, () -> {
            HealthReport report = gateway.health();
            return report.channels().stream().allMatch(ChannelHealth::connected) ? report : null;
        });
        assertThat(health.channels()).extracting(ChannelHealth::name).containsExactly("csirt", "abuse");
        assertThat(health.status()).isEqualTo("ok");
    }

    private void start(Map<String, String> overrides) {
        gateway = new Gateway(TestGatewayConfig.create(MAIL, dataDir, overrides), Clock.systemUTC());
        gateway.start();
    }

    private void send(String subject, String messageId) {
        Mails.send(MAIL.getSmtp().getPort(), "reporter@reporter.example", TEAM, subject, "Details of " + subject,
                messageId, Map.of());
    }

    private List<TicketSummary> awaitTickets(int count) {
        return Eventually.await(count + " ticket(s)", WAIT, () -> {
            List<TicketSummary> tickets = gateway.tickets().list(100, 0).tickets().stream()
                    .map(hit -> hit.ticket()).toList();
            return tickets.size() >= count ? tickets : null;
        });
    }

    private long rawMessages() {
        return gateway.database().read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM raw_messages"));
    }

    private static int imapPort() {
        return MAIL.getImap().getPort();
    }
}
