package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import org.csirtgateway.indicator.Indicator;
import org.junit.jupiter.api.Test;

/**
 * What the analyst sees of messages with several versions of their text (multipart/alternative as desktop clients
 * send it): the body, the attachment list with hashes, the indicators and the warnings.
 */
class ReportParserAlternativesTest {

    private static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private final ReportParser parser = new ReportParser();

    private ParsedReport parse(String mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // --- files inside the version that is not shown

    @Test
    void inlineScreenshotInTheHtmlVersionIsAnAttachmentWhileThePlainTextIsShownOnce() throws Exception {
        // Outlook and Thunderbird: the pasted screenshot sits in multipart/related beside the HTML version.
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: phishing page
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=utf-8

                Hello, the page at http://login-bank.example.net/verify asks for passwords, screenshot below.
                --alt
                Content-Type: multipart/related; boundary=rel

                --rel
                Content-Type: text/html; charset=utf-8

                <html><body><p>Hello, the page at http://login-bank.example.net/verify asks for passwords,
                screenshot below.</p><img src="cid:shot@example.com"></body></html>
                --rel
                Content-Type: image/png; name="image001.png"
                Content-Transfer-Encoding: base64
                Content-ID: <shot@example.com>
                Content-Disposition: inline; filename="image001.png"

                %s
                --rel--
                --alt--
                """.formatted(PNG_BASE64));

        assertThat(report.bodyText()).isEqualTo("Hello, the page at http://login-bank.example.net/verify asks for "
                + "passwords, screenshot below.");
        assertThat(report.attachments()).containsExactly("image001.png");
        Attachment shot = report.details().attachments().get(0);
        byte[] png = Base64.getDecoder().decode(PNG_BASE64);
        assertThat(shot).extracting(Attachment::evidencePosition, Attachment::declaredType, Attachment::detectedType,
                Attachment::sizeBytes, Attachment::sha256)
                .containsExactly(0, "image/png", "image/png", (long) png.length, sha256(png));
        assertThat(shot.stored()).isTrue();
        assertThat(shot.content().readAllBytes()).isEqualTo(png);
        assertThat(report.searchableText()).containsOnlyOnce("asks for passwords");
        assertThat(report.details().indicators()).contains(
                new Indicator(Indicator.URL, "http://login-bank.example.net/verify", "body"));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void filesAttachedInsideTheHtmlVersionAreAttachmentsAndItsSecondHtmlPieceIsNotText() throws Exception {
        // Apple Mail: the HTML version is multipart/mixed, HTML pieces around an attached document.
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: invoice mail
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=us-ascii

                The invoice attached came from a spoofed address.
                --alt
                Content-Type: multipart/mixed; boundary=mix

                --mix
                Content-Type: text/html; charset=us-ascii

                <p>The invoice attached came from a spoofed address.</p>
                --mix
                Content-Type: application/pdf; name=invoice.pdf
                Content-Disposition: inline; filename=invoice.pdf

                %PDF-1.4 suspicious
                --mix
                Content-Type: text/html; charset=us-ascii

                <p>Regards</p>
                --mix--
                --alt--
                """);

        assertThat(report.bodyText()).isEqualTo("The invoice attached came from a spoofed address.");
        assertThat(report.details().attachments()).extracting(Attachment::filename, Attachment::declaredType,
                Attachment::sha256).containsExactly(tuple("invoice.pdf", "application/pdf",
                        sha256("%PDF-1.4 suspicious".getBytes(StandardCharsets.US_ASCII))));
        assertThat(report.searchableText()).doesNotContain("Regards");
    }

    // --- the HTML version shown when the plain one does not carry the report

    @Test
    void plainStubSayingTheMessageIsInHtmlGivesWayToTheHtmlTextWithItsIndicatorsAndAWarning() throws Exception {
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: compromised host
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=us-ascii

                This message is in HTML format. Please use an HTML capable mail client.
                --alt
                Content-Type: text/html; charset=utf-8

                <html><body><p>Host 198.51.100.23 scans our network.</p>
                <p>Details: <a href="http://c2.example.net/panel">panel</a></p></body></html>
                --alt--
                """);

        assertThat(report.bodyText()).startsWith("Host 198.51.100.23 scans our network.\n")
                .endsWith("\nDetails: panel <http://c2.example.net/panel>");
        assertThat(report.details().indicators()).contains(
                new Indicator(Indicator.IPV4, "198.51.100.23", "body"),
                new Indicator(Indicator.URL, "http://c2.example.net/panel", "body"));
        assertThat(report.warnings()).containsExactly("The HTML version of the report is shown, as text: its "
                + "plain-text version only says the message is in HTML");
        assertThat(report.searchableText()).contains("scans our network").doesNotContain("HTML capable");
    }

    @Test
    void emptyPlainVersionGivesWayToTheHtmlTextAndInlineImagesStayAttachmentsOnce() throws Exception {
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: spam sample
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=utf-8


                --alt
                Content-Type: multipart/related; boundary=rel

                --rel
                Content-Type: text/html; charset=utf-8

                <div>Spam sent from <b>mailer.example.org</b>, see the screenshot.</div><img src="cid:a">
                --rel
                Content-Type: image/png
                Content-Transfer-Encoding: base64
                Content-ID: <a>

                %s
                --rel--
                --alt--
                """.formatted(PNG_BASE64));

        assertThat(report.bodyText()).isEqualTo("Spam sent from mailer.example.org, see the screenshot.");
        assertThat(report.details().attachments()).extracting(Attachment::declaredType, Attachment::sha256)
                .containsExactly(tuple("image/png", sha256(Base64.getDecoder().decode(PNG_BASE64))));
        assertThat(report.warnings()).containsExactly("The HTML version of the report is shown, as text: its "
                + "plain-text version is empty");
        assertThat(report.searchableText()).containsOnlyOnce("Spam sent from");
    }

    @Test
    void muchShorterPlainVersionGivesWayToTheHtmlText() throws Exception {
        String rows = "<tr><td>203.0.113.%d</td><td>ssh brute force against our servers</td></tr>\n";
        StringBuilder table = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            table.append(rows.formatted(i));
        }
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: attackers
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=utf-8

                See the table below.
                --alt
                Content-Type: text/html; charset=utf-8

                <p>See the table below.</p><table>%s</table>
                --alt--
                """.formatted(table));

        assertThat(report.bodyText()).startsWith("See the table below.\n").contains("203.0.113.6");
        assertThat(report.details().indicators()).contains(new Indicator(Indicator.IPV4, "203.0.113.4", "body"));
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("The HTML version of the report is shown, as text: its plain-text version is much "
                        + "shorter (20 characters against ");
    }

    @Test
    void plainVersionWithTheSameWordsIsShownWithoutAWarning() throws Exception {
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: x
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=utf-8

                Please block http://bad.example.net/x, it hosts malware. Thanks, the SOC team of Example Corp.
                --alt
                Content-Type: text/html; charset=utf-8

                <p>Please block <a href="http://bad.example.net/x">http://bad.example.net/x</a>, it hosts
                <b>malware</b>.</p><p>Thanks, the <i>SOC team</i> of Example Corp.</p>
                --alt--
                """);

        assertThat(report.bodyText()).isEqualTo("Please block http://bad.example.net/x, it hosts malware. "
                + "Thanks, the SOC team of Example Corp.");
        assertThat(report.warnings()).isEmpty();
        assertThat(report.details().attachments()).isEmpty();
    }

    @Test
    void forwardedMessageWithAStubPlainVersionShowsItsHtmlTextAsEvidence() throws Exception {
        ParsedReport report = parse("""
                From: reporter@example.com
                Subject: Fwd: your account
                Content-Type: multipart/mixed; boundary=out

                --out
                Content-Type: text/plain

                Phish below.
                --out
                Content-Type: message/rfc822

                From: "Bank" <service@bank-secure.example.net>
                Subject: your account
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain

                Your mail client does not support HTML.
                --alt
                Content-Type: text/html

                <p>Confirm your account at <a href="http://bank-secure.example.net/confirm">our site</a>.</p>
                --alt--

                --out--
                """);

        assertThat(report.bodyText()).isEqualTo("Phish below.");
        assertThat(report.details().evidence()).singleElement().extracting(Evidence::bodyText)
                .isEqualTo("Confirm your account at our site <http://bank-secure.example.net/confirm>.");
        assertThat(report.details().indicators()).contains(
                new Indicator(Indicator.URL, "http://bank-secure.example.net/confirm", "evidence 1"));
        assertThat(report.warnings()).containsExactly("The HTML version of forwarded message 1 is shown, as text: "
                + "its plain-text version only says the message is in HTML");
    }

    @Test
    void theShownVersionIsReadBeforeTheFilesOfTheOthersWithinThePartLimit() throws Exception {
        IntakeLimits fewParts = new IntakeLimits("few-parts", 1_000_000, 100, 10_000, 10, 5, 100_000);
        String image = """
                --mix
                Content-Type: image/png
                Content-Transfer-Encoding: base64

                %s
                """.formatted(PNG_BASE64);
        String mail = """
                From: reporter@example.com
                Subject: x
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: multipart/mixed; boundary=mix

                %s--mix--
                --alt
                Content-Type: text/html; charset=utf-8

                <p>Scanning from 192.0.2.77 since Monday.</p>
                --alt--
                """.formatted(image.repeat(5));
        ParsedReport report = new ReportParser(fewParts, org.csirtgateway.indicator.IndicatorExtractor
                .withoutAllowlist()).parse(new ByteArrayInputStream(mail.replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(report.bodyText()).isEqualTo("Scanning from 192.0.2.77 since Monday.");
        assertThat(report.details().attachments()).hasSize(2);
        assertThat(report.warnings()).containsExactly("Intake limit 'part count' (5) reached: further parts are "
                + "only in the raw original");
    }
}
