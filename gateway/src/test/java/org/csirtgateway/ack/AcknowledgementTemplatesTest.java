package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.Test;

/** The real templates in config/templates, rendered with and without the optional team details. */
class AcknowledgementTemplatesTest {

    private static final String FINGERPRINT = "0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567";
    private static final String CONTACT = "https://csirt.example.org/rfc2350";

    @Test
    void keyFingerprintAndContactPageAppearWhenConfigured() throws Exception {
        for (String language : List.of("en", "ja")) {
            MimeMessage ack = compose(new TeamIdentity("Example CSIRT", "csirt@example.org", FINGERPRINT, CONTACT),
                    language.equals("ja") ? "不正アクセスのご報告です" : "Phishing report");
            String body = (String) ack.getContent();
            assertThat(body).as(language).contains(FINGERPRINT).contains(CONTACT).contains("CSIRT#2026-000007")
                    .contains("Example CSIRT").doesNotContain("{{");
        }
    }

    @Test
    void blankKeyFingerprintAndContactPageAreLeftOutCleanly() throws Exception {
        for (String subject : List.of("Phishing report", "不正アクセスのご報告です")) {
            String body = (String) compose(new TeamIdentity("Example CSIRT", "csirt@example.org"), subject)
                    .getContent();
            assertThat(body).as(subject).doesNotContain("{{").doesNotContain("}}").doesNotContain("fingerprint")
                    .doesNotContain("フィンガープリント").doesNotContain("https://").doesNotContain("\n\n\n");
            assertThat(body).contains(subject);
        }
    }

    @Test
    void japaneseReportsGetTheJapaneseTemplateAndOthersTheDefault() throws Exception {
        TeamIdentity team = new TeamIdentity("Example CSIRT", "csirt@example.org");
        assertThat(compose(team, "不正アクセスのご報告です").getHeader("Content-Language", null)).isEqualTo("ja");
        assertThat(compose(team, "Phishing report").getHeader("Content-Language", null)).isEqualTo("en");
    }

    @Test
    void placeholdersInTheReportersSubjectAreNotExpanded() throws Exception {
        MimeMessage ack = compose(new TeamIdentity("Example CSIRT", "csirt@example.org", FINGERPRINT, CONTACT),
                "{{teamKeyFingerprint}} {{#teamContactUrl}}x{{/teamContactUrl}}");
        assertThat(ack.getSubject()).contains("{{teamKeyFingerprint}} {{#teamContactUrl}}x{{/teamContactUrl}}");
    }

    @Test
    void subjectCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        MimeMessage ack = compose(new TeamIdentity("Example CSIRT", "csirt@example.org"),
                "Hello\r\nBcc: victim@example.net\r\nX-Evil: 1");
        assertThat(ack.getHeader("Bcc")).isNull();
        assertThat(ack.getHeader("X-Evil")).isNull();
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    private static MimeMessage compose(TeamIdentity team, String subject) throws Exception {
        AcknowledgementComposer composer = new AcknowledgementComposer(team,
                AcknowledgementTemplates.load(TestGatewayConfig.templatesDir(), "en"));
        ParsedReport report = new ParsedReport("r1@reporter.example", List.of(), List.of(), subject,
                "reporter@reporter.example", null, null, null, "本文です。" + subject, List.of(), Map.of(), List.of());
        OutgoingMail mail = composer.compose("CSIRT#2026-000007", "[CSIRT#2026-000007]", report,
                Instant.parse("2026-05-01T12:00:00Z"));
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail.mime()));
    }
}
