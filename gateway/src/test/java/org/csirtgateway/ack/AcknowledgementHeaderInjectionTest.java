package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.testing.RawMail;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: the acknowledgement repeats reporter-controlled text - the subject, the Message-ID, References - in its
 * headers. If a line break in that text survived into the composed mail, anyone could mail the team and have the
 * gateway send, from the team's own trusted address, a mail with headers of their choosing: a Bcc to a victim, a
 * second Content-Type replacing the body, a Reply-To diverting replies. An encoded subject ({@code =?UTF-8?Q?...=0D=0A
 * Bcc:...?=}) decodes to a real line break, so it must be neutralised when the acknowledgement is written.
 */
class AcknowledgementHeaderInjectionTest {

    private static final String TICKET = "CSIRT#2026-000007";
    private static final String TAG = "[CSIRT#2026-000007]";

    private AcknowledgementComposer composer;

    @BeforeEach
    void loadTheRealTemplates() throws Exception {
        composer = new AcknowledgementComposer(new TeamIdentity("Example CSIRT", "csirt@example.org"),
                AcknowledgementTemplates.load(TestGatewayConfig.templatesDir(), "en"));
    }

    @Test
    void subjectCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        OutgoingMail outgoing = composer.compose(TICKET, TAG,
                report("report-1@victim.example", List.of(), "Phishing\r\nBcc: victim@x"), Instant.now());

        assertNoInjectedHeader(outgoing);
        assertThat(AcknowledgementComposerTest.read(outgoing).getSubject()).contains("Phishing Bcc: victim@x");
    }

    @Test
    void encodedLineBreakInSubjectCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        ParsedReport report = RawMail.from("alice@victim.example")
                .subject("=?UTF-8?Q?Phishing=0D=0ABcc:_victim@x=0D=0AReply-To:_thief@x?=").parse();
        assertThat(report.subject()).as("the parser really decodes a line break").contains("\r\nBcc: victim@x");

        assertNoInjectedHeader(composer.compose(TICKET, TAG, report, Instant.now()));
    }

    @Test
    void bareLineFeedOrCarriageReturnInSubjectCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        for (String separator : new String[] {"\n", "\r", "\u0085", "\u2028", "\r\n\r\n"}) {
            OutgoingMail outgoing = composer.compose(TICKET, TAG,
                    report("report-1@victim.example", List.of(), "Phishing" + separator + "Bcc: victim@x"),
                    Instant.now());

            assertNoInjectedHeader(outgoing);
        }
    }

    @Test
    void messageIdCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        OutgoingMail outgoing = composer.compose(TICKET, TAG,
                report("report-1@victim.example>\r\nBcc: victim@x\r\nX-Evil: <x", List.of(), "Phishing"),
                Instant.now());

        assertNoInjectedHeader(outgoing);
    }

    @Test
    void referencesCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        OutgoingMail outgoing = composer.compose(TICKET, TAG,
                report("report-1@victim.example", List.of("a@x>\r\nBcc: victim@x\r\nX-Evil: <b@x"), "Phishing"),
                Instant.now());

        assertNoInjectedHeader(outgoing);
    }

    @Test
    void messageIdWithALineBreakInTheRawReportCanNotInjectHeaderIntoAcknowledgement() throws Exception {
        byte[] raw = ("From: alice@victim.example\r\nSubject: x\r\nMessage-ID: <a@victim.example\rBcc: victim@x>"
                + "\r\nReferences: <b@x\rBcc: victim@x>\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII);

        assertNoInjectedHeader(composer.compose(TICKET, TAG, RawMail.parse(raw), Instant.now()));
    }

    /** Neither a mail parser (Jakarta Mail) nor any reading of line ends (CRLF, LF, CR) finds a header we never set. */
    private static void assertNoInjectedHeader(OutgoingMail outgoing) throws Exception {
        MimeMessage ack = AcknowledgementComposerTest.read(outgoing);
        assertThat(ack.getHeader("Bcc")).isNull();
        assertThat(ack.getHeader("Reply-To")).isNull();
        assertThat(ack.getHeader("X-Evil")).isNull();
        assertThat(ack.getAllRecipients()).containsExactly(new InternetAddress("alice@victim.example"));
        assertThat(ack.getRecipients(Message.RecipientType.BCC)).isNull();

        String text = new String(outgoing.mime(), StandardCharsets.UTF_8);
        String headers = text.substring(0, text.indexOf("\r\n\r\n"));
        assertThat(Arrays.stream(headers.split("\r\n|\r|\n|\u0085|\u2028|\u2029")))
                .noneMatch(line -> line.regionMatches(true, 0, "Bcc:", 0, 4))
                .noneMatch(line -> line.regionMatches(true, 0, "Reply-To:", 0, 9))
                .noneMatch(line -> line.regionMatches(true, 0, "X-Evil:", 0, 7));
        assertThat(headers).as("header section is plain ASCII").matches("\\p{ASCII}*");
    }

    private static ParsedReport report(String messageId, List<String> references, String subject) {
        return new ParsedReport(messageId, List.of(), references, subject, "alice@victim.example", "Alice", null,
                null, "Please look at hxxp://phish.example/login.", List.of(), Map.of(), List.of());
    }
}
