package org.csirtgateway.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-ups find their ticket over real IMAP/SMTP: by our tag wherever other systems put theirs, by legacy tag
 * forms, by In-Reply-To naming the team's own replies, and through merges; the team's replies and forwards carry the
 * tag and land in the thread.
 */
class ThreadingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TEAM = TestGatewayConfig.TEAM_ADDRESS;

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withPerMethodLifecycle(true);

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dataDir;

    private Gateway gateway;

    @BeforeEach
    void start() {
        gateway = running.start(dataDir, Map.of("tickets.legacyTagPatterns",
                "rt=\\[example\\.org #(?<id>\\d+)\\]\nold=\\[IR (?<ticket>\\d{4}-\\d{6})\\]"));
    }

    @Test
    void ourTagThreadsEvenWhenOtherSystemsAddedTheirTagsAroundIt() {
        String id = report("peer@cert.example", "Botnet C2 in your range");
        send("peer@cert.example", "Re: [OTRS#123] [CSIRT#1999-999999] [" + id + "] Botnet C2 in your range",
                Map.of());
        TicketDetail ticket = awaitMessages(id, 2);
        assertThat(ticket.messages().get(1).role()).isEqualTo(Placement.FOLLOW_UP);
        assertThat(gateway.tickets().list(10, 0).total()).isEqualTo(1);
    }

    @Test
    void legacyTagsRouteToImportedAndRenamedTickets() {
        String id = report("old@partner.example", "Long running case");
        gateway.database().inTransaction(connection -> Sql.update(connection,
                "INSERT INTO ticket_aliases (alias, ticket_id, created_at) VALUES ('rt:1234', ?, ?)", id,
                Instant.now()));
        send("old@partner.example", "Re: [example.org #1234] still happening", Map.of());
        send("old@partner.example", "Re: [IR " + id.substring("CSIRT#".length()) + "] and again", Map.of());
        send("old@partner.example", "Re: [example.org #9999] unknown old ticket", Map.of());
        awaitMessages(id, 3);
        Eventually.await("the unknown legacy tag opens a new ticket", WAIT,
                () -> gateway.tickets().list(10, 0).total() == 2);
    }

    @Test
    void mailForAMergedTicketGoesToTheSurvivorAndBothIdsKeepRouting() {
        String survivor = report("a@isp.example", "Phishing kit on host");
        String merged = report("b@isp.example", "Same phishing kit");
        MimeMessage mergedAck = Eventually.await("acknowledgement of " + merged, WAIT,
                () -> running.mailTo("b@isp.example").stream().findFirst().orElse(null));
        gateway.ticketCommands().merge(merged, survivor, "alice");

        send("b@isp.example", "Re: [" + merged + "] more details", Map.of());
        send("a@isp.example", "Re: [" + survivor + "] and from me", Map.of());
        send("b@isp.example", "no tag, but a reply", Map.of("In-Reply-To", messageId(mergedAck)));
        TicketDetail detail = awaitMessages(survivor, 5);
        assertThat(detail.life().mergedFrom()).containsExactly(merged);
        assertThat(detail.messages()).extracting(MessageView::subject).contains("Same phishing kit",
                "Re: [" + merged + "] more details", "no tag, but a reply");
        TicketDetail gone = gateway.tickets().find(merged).orElseThrow();
        assertThat(gone.life().mergedInto()).isEqualTo(survivor);
        assertThat(gone.summary().status()).isEqualTo("duplicate");
        assertThat(gateway.tickets().list(10, 0).total()).isEqualTo(2);
    }

    @Test
    void theTeamsReplyCarriesTheTagAndTheReportersAnswerWithoutItThreads() throws Exception {
        String reporter = "carol@victim.example";
        String id = report(reporter, "Ransomware note found");
        Eventually.await("acknowledgement", WAIT, () -> running.mailTo(reporter).size() == 1 ? true : null);
        gateway.ticketCommands().reply(id, null, "Please send us the ransom note file.", "alice");

        MimeMessage reply = Eventually.await("the reply", WAIT,
                () -> running.mailTo(reporter).size() == 2 ? running.mailTo(reporter).get(1) : null);
        assertThat(reply.getSubject()).isEqualTo("Re: [" + id + "] Ransomware note found");
        assertThat(reply.getFrom()[0].toString()).contains(TEAM);
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<report-" + reporter + ">");
        assertThat(reply.getHeader("Auto-Submitted")).isNull();
        assertThat((String) reply.getContent()).contains("ransom note file");

        send(reporter, "Here it is", Map.of("In-Reply-To", messageId(reply)));
        TicketDetail ticket = awaitMessages(id, 3);
        assertThat(ticket.messages()).extracting(MessageView::role)
                .containsExactly(Placement.REPORT, "reply", Placement.FOLLOW_UP);
        assertThat(ticket.messages().get(1).fromName()).isEqualTo("alice");
        assertThat(ticket.life().events()).extracting(TicketLife.Event::kind).contains("reply");
        Thread.sleep(1000);
        assertThat(running.mailTo(reporter)).hasSize(2);
    }

    @Test
    void aForwardToAnotherTeamCarriesTheTagANoteAndTheOriginalReport() throws Exception {
        String id = report("dan@victim.example", "Attack from AS64500");
        gateway.ticketCommands().forward(id, "cert@other-team.example", "Your constituency, please handle.",
                "alice");
        MimeMessage forward = Eventually.await("the forward", WAIT,
                () -> running.mailTo("cert@other-team.example").stream().findFirst().orElse(null));
        assertThat(forward.getSubject()).isEqualTo("Fwd: [" + id + "] Attack from AS64500");
        Multipart parts = (Multipart) forward.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Your constituency").contains(id);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/rfc822");
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes()))
                .contains("Body of Attack from AS64500");
        TicketDetail ticket = awaitMessages(id, 2);
        assertThat(ticket.messages().get(1).role()).isEqualTo("forward");
        assertThat(ticket.messages().get(1).fromAddress()).isEqualTo("cert@other-team.example");
    }

    private String report(String from, String subject) {
        running.report(from, subject, "Body of " + subject, "report-" + from,
                Map.of());
        return Eventually.await("a ticket for " + subject, WAIT, () -> gateway.tickets().list(100, 0).tickets()
                .stream().filter(hit -> hit.ticket().subject().equals(subject)).findFirst()
                .map(hit -> hit.ticket().id()).orElse(null));
    }

    private void send(String from, String subject, Map<String, String> headers) {
        running.report(from, subject, "More about it.", null, headers);
    }

    private TicketDetail awaitMessages(String id, int count) {
        return Eventually.await(count + " messages on " + id, WAIT, () -> gateway.tickets().find(id)
                .filter(t -> t.messages().size() == count).orElse(null));
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
