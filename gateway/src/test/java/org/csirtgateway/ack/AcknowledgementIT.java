package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.testing.Autoresponder;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledgements over real IMAP and SMTP (GreenMail): never to robots, lists, bounces or ourselves, never in a
 * loop, and never a flood at a victim whose address forged reports claim. The threat: anyone can put any From
 * address on a report, and any robot can answer our mail; a careless gateway becomes a spam cannon or a loop.
 */
class AcknowledgementIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TEAM = TestGatewayConfig.TEAM_ADDRESS;

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    private Gateway gateway;

    private void start(Map<String, String> overrides) {
        gateway = running.start(dataDir, overrides);
    }

    @Test
    void bulkListBounceAndAutoRepliedMailGetNoAcknowledgementAndTheReasonIsRecorded() throws Exception {
        start(Map.of());
        send("news@bulk.example", "Weekly newsletter", Map.of("Precedence", "bulk"));
        send("list@lists.example", "[sec-list] Discussion", Map.of("List-Id", "<sec.lists.example>"));
        send("list2@lists.example", "Unsubscribable", Map.of("List-Unsubscribe", "<mailto:u@lists.example>"));
        send("MAILER-DAEMON@mx.example", "Undelivered Mail Returned to Sender", Map.of());
        // GreenMail's SMTP refuses MAIL FROM:<>; the bounce is delivered as the final MTA would, Return-Path kept.
        MAIL.setUser(TEAM, TEAM, TestGatewayConfig.MAILBOX_PASSWORD).deliver(Mails.build("bounce@mx.example", TEAM,
                "Delivery Status Notification", "Your message could not be delivered.", null,
                Map.of("Return-Path", "<>")));
        send("away@person.example", "Out of office", Map.of("Auto-Submitted", "auto-replied"));
        send("postmaster@mx.example", "Postmaster notice", Map.of());
        send("robot@tool.example", "Not really no", Map.of("Auto-Submitted", "auto-generated; no"));
        send(TEAM, "Mail from ourselves", Map.of());
        send("other-gateway@peer.example", "Looped", Map.of(AcknowledgementPolicy.LOOP_HEADER, TEAM));
        send("abuse@peer-cert.example", "Compromised host in your network", Map.of("Auto-Submitted", "no"));

        assertThat(reasonFor("Weekly newsletter")).contains("Precedence: bulk");
        assertThat(reasonFor("[sec-list] Discussion")).contains("List-Id");
        assertThat(reasonFor("Unsubscribable")).contains("List-Unsubscribe");
        assertThat(reasonFor("Undelivered Mail Returned to Sender")).contains("mail system (mailer-daemon)");
        assertThat(reasonFor("Delivery Status Notification")).contains("null return path");
        assertThat(reasonFor("Out of office")).contains("Auto-Submitted: auto-replied");
        assertThat(reasonFor("Postmaster notice")).contains("mail system (postmaster)");
        assertThat(reasonFor("Not really no")).contains("Auto-Submitted: auto-generated; no");
        assertThat(reasonFor("Mail from ourselves")).contains("our own addresses");
        assertThat(reasonFor("Looped")).contains("loop marker");

        TicketDetail abuse = running.awaitTicketWithSubject("Compromised host in your network");
        assertThat(abuse.acknowledgement().decision()).isEqualTo("queued");
        Eventually.await("the acknowledgement to abuse@", WAIT,
                () -> running.mailTo("abuse@peer-cert.example").size() == 1);
        Thread.sleep(1500);
        List<String> answered = Arrays.stream(MAIL.getReceivedMessages()).map(RunningGateway::recipients)
                .filter(to -> !to.contains(TEAM)).toList();
        assertThat(answered).containsExactly("[abuse@peer-cert.example]");
    }

    @Test
    void hundredForgedReportsClaimingOneVictimProduceNoMoreAcknowledgementsThanTheLimit() throws Exception {
        start(Map.of("acknowledgement.maxPerSenderPerHour", "5"));
        String victim = "victim@victim.example";
        for (int i = 1; i <= 100; i++) {
            running.report(victim, "Forged report " + i, "Fake abuse report " + i,
                    "forged-" + i + "@attacker.example", Map.of());
        }
        Eventually.await("100 tickets", WAIT, () -> gateway.tickets().list(1, 0).total() == 100);
        Eventually.await("the outbox drained", WAIT, () -> gateway.health().pendingOutgoing() == 0);
        Thread.sleep(1500);

        assertThat(running.mailTo(victim)).hasSize(5);
        List<TicketDetail> tickets = gateway.tickets().list(100, 0).tickets().stream()
                .map(hit -> gateway.tickets().find(hit.ticket().id()).orElseThrow()).toList();
        assertThat(tickets).filteredOn(t -> t.acknowledgement().decision().equals("queued")).hasSize(5);
        assertThat(tickets).filteredOn(t -> t.acknowledgement().decision().equals("suppressed")).hasSize(95)
                .allSatisfy(t -> assertThat(t.acknowledgement().reason())
                        .contains("rate limit").contains("acknowledgement.maxPerSenderPerHour = 5"));
    }

    @Test
    void reportsForgingManyAddressesAtOneDomainAreCappedPerDomain() {
        start(Map.of("acknowledgement.maxPerDomainPerHour", "4"));
        for (int i = 1; i <= 10; i++) {
            running.report("user" + i + "@victim-domain.example", "Domain flood " + i,
                    "Report " + i, "domain-" + i + "@attacker.example", Map.of());
        }
        Eventually.await("10 tickets", WAIT, () -> gateway.tickets().list(1, 0).total() == 10);
        Eventually.await("the outbox drained", WAIT, () -> gateway.health().pendingOutgoing() == 0);
        assertThat(Arrays.stream(MAIL.getReceivedMessages()).filter(m -> RunningGateway.recipients(m).contains("@victim-domain"))
                .count()).isEqualTo(4);
        assertThat(reasonFor("Domain flood 10")).contains("acknowledgement.maxPerDomainPerHour = 4");
    }

    @Test
    void anAutoresponderThatAnswersEverythingGetsOneAcknowledgementAndTheExchangeEnds() throws Exception {
        start(Map.of());
        String peer = "holiday@peer.example";
        try (Autoresponder autoresponder = new Autoresponder(MAIL, peer, TEAM, true)) {
            send(peer, "Suspicious login attempts", Map.of());
            TicketDetail ticket = running.awaitTicketWithSubject("Suspicious login attempts");
            Eventually.await("the autoresponder answered the acknowledgement", WAIT,
                    () -> autoresponder.replies() >= 1);
            TicketDetail threaded = Eventually.await("its answer on the ticket", WAIT, () -> gateway.tickets()
                    .find(ticket.summary().id()).filter(t -> t.messages().size() == 2).orElse(null));
            assertThat(threaded.messages().get(1).bodyText()).contains("I am away");
            Thread.sleep(5000); // long enough for several more rounds, if there were any

            assertThat(running.mailTo(peer)).hasSize(1);
            assertThat(autoresponder.replies()).isEqualTo(1);
            assertThat(gateway.tickets().list(100, 0).total()).isEqualTo(1);
        }
    }

    @Test
    void anAutoresponderThatStartsAFreshMailEachTimeIsStoppedByTheSenderLimit() throws Exception {
        start(Map.of("acknowledgement.maxPerSenderPerHour", "2"));
        String peer = "crude@peer.example";
        try (Autoresponder autoresponder = new Autoresponder(MAIL, peer, TEAM, false)) {
            send(peer, "Defaced web page", Map.of());
            Eventually.await("the second acknowledgement answered", WAIT, () -> autoresponder.replies() >= 2);
            Eventually.await("the answer to the second acknowledgement ticketed", WAIT,
                    () -> gateway.tickets().list(1, 0).total() == 3);
            Thread.sleep(5000);

            assertThat(running.mailTo(peer)).hasSize(2);
            assertThat(autoresponder.replies()).isEqualTo(2);
            assertThat(gateway.tickets().list(100, 0).total()).isEqualTo(3);
        }
    }

    private void send(String from, String subject, Map<String, String> headers) {
        running.report(from, subject, "Body of " + subject, null, headers);
    }

    private String reasonFor(String subject) {
        TicketDetail ticket = running.awaitTicketWithSubject(subject);
        assertThat(ticket.acknowledgement().decision()).as(subject).isEqualTo("suppressed");
        assertThat(ticket.acknowledgement().delivery()).as(subject).isNull();
        return ticket.acknowledgement().reason();
    }

}
