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

    /** Templates are read once and rendered from pieces; the text must be what the patterns made of them. */
    @Test
    void renderingFromPiecesGivesWhatThePatternsGaveForEveryTemplateAndValue() throws Exception {
        List<String> templates = new java.util.ArrayList<>();
        for (String language : List.of("en", "ja")) {
            String text = java.nio.file.Files.readString(TestGatewayConfig.templatesDir().resolve(
                    "ack-" + language + ".txt"));
            templates.add(text.substring(0, text.indexOf('\n')));
            templates.add(text.substring(text.indexOf("\n\n") + 2));
        }
        templates.addAll(List.of("", "{{x}}", "{{#a}}A{{/a}}\n{{#a}}again {{a}}{{/a}}", "{{#a}}{{#b}}x{{/b}}{{/a}}",
                "{{#a}}never closed", "{{/a}} {{#a}}{{/b}}{{/a}}\n\n", "{{unknown}} {{ a }} {{a}}{{a}}}} {{{a}}}",
                "$1 \\ {{#a}}$a\\{{/a}}"));
        List<String> choices = List.of("", " ", "value", "{{a}}", "$1\\", "{{#b}}x{{/b}}", "\n");
        java.util.Random random = new java.util.Random(11);
        for (String text : templates) {
            AcknowledgementTemplates.Template template = new AcknowledgementTemplates.Template("en", text, text);
            for (int i = 0; i < 300; i++) {
                Map<String, String> values = new java.util.HashMap<>();
                for (String name : List.of("a", "b", "x", "ticketId", "subject", "teamName", "teamAddress",
                        "teamKeyFingerprint", "teamContactUrl", "duplicateOf")) {
                    if (random.nextInt(4) > 0) {
                        values.put(name, choices.get(random.nextInt(choices.size())));
                    }
                }
                assertThat(template.renderBody(values)).as(text + " with " + values)
                        .isEqualTo(renderedWithPatterns(text, values));
                assertThat(template.renderSubject(values)).isEqualTo(renderedWithPatterns(text, values));
            }
        }
    }

    /** How templates were rendered before they were read into pieces. */
    private static String renderedWithPatterns(String template, Map<String, String> values) {
        java.util.regex.Matcher section = java.util.regex.Pattern.compile(
                "\\{\\{#(\\w+)}}(.*?)\\{\\{/\\1}}\\n?", java.util.regex.Pattern.DOTALL).matcher(template);
        StringBuilder kept = new StringBuilder();
        while (section.find()) {
            String value = values.get(section.group(1));
            boolean show = value != null && !value.isBlank();
            section.appendReplacement(kept, java.util.regex.Matcher.quoteReplacement(show ? section.group(2)
                    + (section.group().endsWith("\n") ? "\n" : "") : ""));
        }
        section.appendTail(kept);
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{\\{(\\w+)}}").matcher(kept.toString());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
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
