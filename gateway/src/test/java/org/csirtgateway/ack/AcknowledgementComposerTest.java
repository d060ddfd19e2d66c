package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.testing.RawMail;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement as the reporter's mail client will see it: an RFC 3834 auto-reply threaded on the report, in
 * the report's language, with the ticket tag in the subject so that replies find their ticket.
 */
class AcknowledgementComposerTest {

    private static final String TICKET = "CSIRT#2026-000007";
    private static final String TAG = "[CSIRT#2026-000007]";
    private static final Instant NOW = Instant.parse("2026-03-03T01:20:00Z");

    private AcknowledgementComposer composer;

    @BeforeEach
    void loadTheRealTemplates() throws Exception {
        composer = new AcknowledgementComposer(new TeamIdentity("Example CSIRT", "csirt@example.org"),
                AcknowledgementTemplates.load(TestGatewayConfig.templatesDir(), "en"));
    }

    @Test
    void acknowledgementIsAnAutoReplyThreadedOnTheReport() throws Exception {
        ParsedReport report = RawMail.from("\"Alice\" <alice@victim.example>")
                .header("References", "<earlier@victim.example>").parse();

        OutgoingMail outgoing = composer.compose(TICKET, TAG, report, NOW);
        MimeMessage ack = read(outgoing);

        assertThat(outgoing.recipient()).isEqualTo("alice@victim.example");
        assertThat(ack.getRecipients(Message.RecipientType.TO))
                .containsExactly(new InternetAddress("alice@victim.example"));
        assertThat(((InternetAddress) ack.getFrom()[0]).getAddress()).isEqualTo("csirt@example.org");
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo("<report-1@victim.example>");
        assertThat(ack.getHeader("References", null).replaceAll("\\s+", " "))
                .isEqualTo("<earlier@victim.example> <report-1@victim.example>");
        assertThat(ack.getHeader(AcknowledgementPolicy.LOOP_HEADER, null)).isEqualTo("csirt@example.org");
        assertThat(ack.getHeader("Message-ID", null)).isEqualTo("<" + outgoing.messageId() + ">");
        assertThat(outgoing.messageId()).endsWith("@example.org").contains("CSIRT2026-000007");
        assertThat(ack.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(ack.getSubject()).isEqualTo(TAG + " Received: Phishing site imitating our bank");
    }

    @Test
    void englishReportGetsTheEnglishTemplateWithTheTicketId() throws Exception {
        MimeMessage ack = read(composer.compose(TICKET, TAG, RawMail.from("alice@victim.example").parse(), NOW));

        assertThat(ack.getHeader("Content-Language", null)).isEqualTo("en");
        assertThat((String) ack.getContent())
                .contains("Thank you for your report. Example CSIRT has received it")
                .contains("    " + TICKET)
                .contains("Example CSIRT <csirt@example.org>")
                .doesNotContain("{{");
    }

    @Test
    void japaneseReportGetsTheJapaneseTemplate() throws Exception {
        ParsedReport report = RawMail.from("tanaka@example.jp").subject("=?UTF-8?B?"
                + java.util.Base64.getEncoder().encodeToString("フィッシングの報告".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)) + "?=")
                .body("偽サイトを見つけました。").parse();

        MimeMessage ack = read(composer.compose(TICKET, TAG, report, NOW));

        assertThat(ack.getHeader("Content-Language", null)).isEqualTo("ja");
        assertThat(ack.getSubject()).isEqualTo(TAG + " 受付: フィッシングの報告");
        assertThat((String) ack.getContent()).contains("ご報告ありがとうございます。").contains(TICKET)
                .doesNotContain("{{");
        assertThat(ack.getContentType()).containsIgnoringCase("charset=UTF-8");
    }

    @Test
    void reportWithoutMessageIdGetsAnAcknowledgementWithoutThreadingHeaders() throws Exception {
        MimeMessage ack = read(composer.compose(TICKET, TAG,
                RawMail.from("alice@victim.example").without("Message-ID").parse(), NOW));

        assertThat(ack.getHeader("In-Reply-To")).isNull();
        assertThat(ack.getHeader("References")).isNull();
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void longReferenceChainsKeepOnlyTheLastTwentyIds() throws Exception {
        List<String> chain = IntStream.rangeClosed(1, 30).mapToObj(i -> "<r" + i + "@victim.example>").toList();
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("References", String.join("\r\n ", chain)).parse();

        String references = read(composer.compose(TICKET, TAG, report, NOW)).getHeader("References", null);

        assertThat(references.split("\\s+")).hasSize(20).startsWith("<r12@victim.example>")
                .endsWith("<report-1@victim.example>");
    }

    @Test
    void ourAcknowledgementIsNeverAcknowledgedInTurn() {
        OutgoingMail outgoing = composer.compose(TICKET, TAG, RawMail.from("alice@victim.example").parse(), NOW);

        ParsedReport bounced = RawMail.parse(outgoing.mime());

        assertThat(new AcknowledgementPolicy(Set.of()).decide(bounced).send()).isFalse();
        assertThat(new AcknowledgementPolicy(Set.of()).decide(bounced).reason()).contains("Auto-Submitted");
    }

    static MimeMessage read(OutgoingMail outgoing) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(outgoing.mime()));
    }
}
