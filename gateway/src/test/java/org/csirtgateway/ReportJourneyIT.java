package org.csirtgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path against real servers: a report mailed over SMTP to GreenMail is fetched over IMAP, archived in a
 * real directory, recorded in a real SQLite file, ticketed, acknowledged over SMTP, indexed in a real Lucene
 * directory and found by search.
 */
class ReportJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REPORTER = "alice@victim.example";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dataDir;

    private Gateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = running.start(dataDir);
    }

    @Test
    void reportIsTicketedAcknowledgedAndSearchable() throws Exception {
        running.report(REPORTER, "Phishing site imitating our bank",
                "A phishing page at hxxp://login-bank.example/ is collecting credentials.", "report-1@victim.example",
                Map.of());

        TicketDetail ticket = running.awaitTicketWithSubject("Phishing site imitating our bank");
        assertThat(ticket.summary().id()).matches("CSIRT#\\d{4}-\\d{6}");
        assertThat(ticket.summary().reporter()).isEqualTo(REPORTER);
        assertThat(ticket.messages()).singleElement().satisfies(message -> {
            assertThat(message.role()).isEqualTo(Placement.REPORT);
            assertThat(message.bodyText()).contains("collecting credentials");
            assertThat(new String(running.archivedOriginal(message.archiveSha256()),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).as("the archived original")
                    .contains("is collecting credentials");
        });

        MimeMessage ack = awaitAcknowledgementTo(REPORTER, ticket.summary().id());
        assertThat(ack.getSubject()).contains("[" + ticket.summary().id() + "]");
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo("<report-1@victim.example>");
        assertThat(ack.getHeader("References", null)).contains("<report-1@victim.example>");
        assertThat((String) ack.getContent()).contains(ticket.summary().id());

        TicketDetail acknowledged = Eventually.await("acknowledgedAt recorded", WAIT, () ->
                gateway.tickets().find(ticket.summary().id())
                        .filter(t -> t.summary().acknowledgedAt() != null).orElse(null));
        assertThat(acknowledged.acknowledgement().delivery()).isEqualTo("sent");

        TicketPage found = gateway.tickets().search("credentials", 10, 0);
        assertThat(found.tickets()).extracting(hit -> hit.ticket().id()).containsExactly(ticket.summary().id());
    }

    @Test
    void japaneseReportIsAnsweredInJapaneseAndFoundByAJapaneseWord() throws Exception {
        String reporter = "tanaka@example.jp";
        running.report(reporter, "不正アクセスの報告",
                "お世話になっております。弊社のサーバーに対する不正アクセスを確認しました。送信元は 192.0.2.10 です。",
                "jp-1@example.jp", Map.of());

        TicketDetail ticket = running.awaitTicketWithSubject("不正アクセスの報告");
        MimeMessage ack = awaitAcknowledgementTo(reporter, ticket.summary().id());
        assertThat(ack.getSubject()).contains("受付");
        assertThat((String) ack.getContent()).contains("ご報告ありがとうございます");

        assertThat(gateway.tickets().search("不正アクセス", 10, 0).tickets())
                .extracting(hit -> hit.ticket().id()).containsExactly(ticket.summary().id());
        assertThat(gateway.tickets().search("サーバー", 10, 0).tickets())
                .extracting(hit -> hit.ticket().id()).containsExactly(ticket.summary().id());
    }

    @Test
    void replyWithoutTagButWithInReplyToThreadsOntoItsTicketWithoutASecondAcknowledgement() throws Exception {
        String reporter = "bob@isp.example";
        running.report(reporter, "Scanning from your network",
                "Port scans from 198.51.100.7 since Monday.", "scan-1@isp.example", Map.of());
        TicketDetail ticket = running.awaitTicketWithSubject("Scanning from your network");
        MimeMessage ack = awaitAcknowledgementTo(reporter, ticket.summary().id());
        String ackId = ack.getMessageID();

        running.report(reporter, "Re: more logs",
                "Here are more logs of the scan.", "scan-2@isp.example",
                Map.of("In-Reply-To", ackId, "References", "<scan-1@isp.example> " + ackId));

        TicketDetail threaded = Eventually.await("follow-up on the ticket", WAIT, () ->
                gateway.tickets().find(ticket.summary().id()).filter(t -> t.messages().size() == 2).orElse(null));
        assertThat(threaded.messages().get(1).role()).isEqualTo(Placement.FOLLOW_UP);
        assertThat(gateway.tickets().list(100, 0).tickets())
                .noneMatch(hit -> hit.ticket().subject().equals("Re: more logs"));
        Thread.sleep(1500);
        assertThat(running.mailTo(reporter)).hasSize(1);
    }

    @Test
    void exactDuplicateLandsOnTheFirstTicket() throws Exception {
        String reporter = "carol@cert.example";
        for (int i = 0; i < 2; i++) {
            running.report(reporter, "Malware C2 at 203.0.113.5",
                    "Botnet controller observed.", "c2-1@cert.example", Map.of());
        }
        TicketDetail ticket = Eventually.await("both copies on one ticket", WAIT, () ->
                gateway.tickets().list(100, 0).tickets().stream()
                        .filter(hit -> hit.ticket().subject().equals("Malware C2 at 203.0.113.5")).findFirst()
                        .flatMap(hit -> gateway.tickets().find(hit.ticket().id()))
                        .filter(t -> t.messages().size() == 2).orElse(null));
        assertThat(ticket.messages()).extracting(m -> m.role())
                .containsExactly(Placement.REPORT, Placement.DUPLICATE);
        awaitAcknowledgementTo(reporter, ticket.summary().id());
        Thread.sleep(1500);
        assertThat(running.mailTo(reporter)).hasSize(1);
    }

    @Test
    void robotMailIsTicketedButNotAcknowledgedAndTheReasonIsRecorded() {
        running.report("noreply@scanner.example", "Automated scan summary",
                "Daily summary.", "auto-1@scanner.example", Map.of("Auto-Submitted", "auto-generated"));
        TicketDetail ticket = running.awaitTicketWithSubject("Automated scan summary");
        assertThat(ticket.acknowledgement().decision()).isEqualTo("suppressed");
        assertThat(ticket.acknowledgement().reason()).contains("Auto-Submitted: auto-generated");
        assertThat(ticket.acknowledgement().delivery()).isNull();
    }

    private MimeMessage awaitAcknowledgementTo(String reporter, String ticketId) {
        return Eventually.await("acknowledgement of " + ticketId + " to " + reporter, WAIT, () ->
                running.mailTo(reporter).stream().filter(m -> subjectOf(m).contains(ticketId)).findFirst()
                        .orElse(null));
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

}
