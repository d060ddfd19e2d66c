package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.ExampleProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage on the real path: reports mailed to GreenMail, fetched over IMAP, ticketed in a real SQLite file, triaged
 * with the project's example team profile, and a forward to a partner delivered over SMTP through the outbox.
 */
class TriageJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dataDir;

    private Gateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = running.start(dataDir, Map.of("profile.file", ExampleProfile.path().toString()));
    }

    @Test
    void anAddressInOurNetworkMarksTheTicketAsOurs() {
        running.report("noc@isp.example", "Scanning from your network",
                "Port scans from 192.0.2.45 against our hosts since 03:00 UTC.", "scan-1@isp.example", Map.of());
        TriageView triage = awaitTriage("Scanning from your network");
        assertThat(triage.constituency()).isEqualTo("ours");
        assertThat(triage.coordinationSuggested()).isFalse();
        assertThat(triage.indicators()).singleElement().satisfies(i -> {
            assertThat(i.value()).isEqualTo("192.0.2.45");
            assertThat(i.scope()).isEqualTo("ours");
            assertThat(i.matched()).isEqualTo("192.0.2.0/24");
        });
        assertThat(triage.category()).isEqualTo("information-gathering/scanner");
        assertThat(triage.rule()).isEqualTo("port-scan");
    }

    @Test
    void anAddressOutsideIsFlaggedForCoordinationWithThePartnerAndForwardedToIt() throws Exception {
        running.report("soc@bank.example", "Brute force against our VPN",
                "Brute force login attempts from 203.0.113.77 (about 4000 an hour).", "bf-1@bank.example",
                Map.of());
        TriageView triage = awaitTriage("Brute force against our VPN");
        assertThat(triage.constituency()).isEqualTo("outside");
        assertThat(triage.coordinationSuggested()).isTrue();
        assertThat(triage.partner()).isEqualTo("Example ISP Abuse Team");
        assertThat(triage.partnerAddress()).isEqualTo("abuse@isp.example");
        assertThat(triage.category()).isEqualTo("intrusion-attempts/brute-force");

        String ticketId = ticketId("Brute force against our VPN");
        TriageView.Forward forward = gateway.coordination().coordinate(ticketId, null, "alice");
        assertThat(forward.recipient()).isEqualTo("abuse@isp.example");

        MimeMessage received = running.awaitMailTo("abuse@isp.example");
        assertThat(received.getSubject()).contains("[" + ticketId + "]").contains("Brute force against our VPN");
        Multipart parts = (Multipart) received.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("203.0.113.77").contains(ticketId);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/rfc822");

        TriageView after = Eventually.await("the forward marked sent", WAIT, () -> gateway.coordination()
                .triage(ticketId).filter(t -> !t.forwards().isEmpty() && "sent".equals(t.forwards().get(0).state()))
                .orElse(null));
        assertThat(after.forwards().get(0).requestedBy()).isEqualTo("alice");
    }

    @Test
    void aPhishingReportGetsThePhishingCategoryAndTheRuleThatFired() {
        running.report("user@example.ac.jp", "Phishing mail to staff",
                "Staff received mail linking to hxxps://webmail-example-ac-jp[.]evil.example/login", "ph-1@ex",
                Map.of());
        TriageView triage = awaitTriage("Phishing mail to staff");
        assertThat(triage.category()).isEqualTo("fraud/phishing");
        assertThat(triage.categoryLabel()).isEqualTo("Fraud / Phishing");
        assertThat(triage.categoryLabelJa()).isEqualTo("詐欺 / フィッシング");
        assertThat(triage.rule()).isEqualTo("phishing-report");
        assertThat(triage.ruleExplanation()).isEqualTo("keyword 'phishing'");
        assertThat(triage.priority()).isEqualTo("high");
        assertThat(triage.categoryKind()).isEqualTo("incident");
    }

    @Test
    void aForwardWithoutAResponsiblePartnerIsRefusedWithAReason() {
        running.report("a@b.example", "Question about reporting",
                "How do I report an incident?", "q-1@b.example", Map.of());
        awaitTriage("Question about reporting");
        String ticketId = ticketId("Question about reporting");
        assertThatThrownBy(() -> gateway.coordination().coordinate(ticketId, null, "alice"))
                .isInstanceOf(CoordinationService.CoordinationException.class)
                .hasMessageContaining("No partner team is responsible");
        assertThatThrownBy(() -> gateway.coordination().coordinate(ticketId, "Nobody CERT", "alice"))
                .hasMessageContaining("No partner team named 'Nobody CERT'");
    }

    private String ticketId(String subject) {
        return gateway.tickets().list(100, 0).tickets().stream()
                .filter(hit -> hit.ticket().subject().equals(subject)).findFirst().orElseThrow().ticket().id();
    }

    private TriageView awaitTriage(String subject) {
        return Eventually.await("triage of " + subject, WAIT, () ->
                gateway.tickets().list(100, 0).tickets().stream()
                        .filter(hit -> hit.ticket().subject().equals(subject)).findFirst()
                        .flatMap(hit -> gateway.coordination().triage(hit.ticket().id())).orElse(null));
    }

}
