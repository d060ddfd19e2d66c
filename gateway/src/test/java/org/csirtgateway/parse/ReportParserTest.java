package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.csirtgateway.indicator.Indicator;
import org.csirtgateway.indicator.IndicatorExtractor;
import org.junit.jupiter.api.Test;

class ReportParserTest {

    private final ReportParser parser = new ReportParser();

    private ParsedReport parse(String mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private ParsedReport parse(byte[] mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail));
    }

    private static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = part instanceof byte[] b ? b
                    : part.toString().replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    // --- limits

    @Test
    void messageOverTheSizeLimitIsRefusedNamingTheLimitAndItsValue() {
        IntakeLimits tiny = new IntakeLimits("tiny", 1_000, 100, 1_000, 5, 10, 500);
        String mail = "From: a@b.example\nSubject: big\n\n" + "x".repeat(2_000) + "\n";
        assertThatThrownBy(() -> new ReportParser(tiny, IndicatorExtractor.withoutAllowlist())
                .parse(new ByteArrayInputStream(mail.getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("'message bytes'").hasMessageContaining("1000").hasMessageContaining("tiny");
    }

    @Test
    void tooManyHeaderFieldsAreRefusedNamingTheLimit() {
        IntakeLimits tiny = new IntakeLimits("tiny", 100_000, 10, 1_000, 5, 10, 500);
        String mail = "X-Filler: 1\n".repeat(20) + "From: a@b.example\n\nbody\n";
        assertThatThrownBy(() -> new ReportParser(tiny, IndicatorExtractor.withoutAllowlist())
                .parse(new ByteArrayInputStream(mail.getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("'header count' (10");
    }

    @Test
    void attachmentOverTheLimitIsListedButNotKeptAndAWarningNamesTheLimit() throws Exception {
        IntakeLimits small = new IntakeLimits("small-attachments", 1_000_000, 100, 10_000, 10, 100, 100);
        String mail = """
                From: a@b.example
                Subject: logs
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: application/octet-stream; name=big.bin
                Content-Disposition: attachment; filename=big.bin

                %s
                --b--
                """.formatted("A".repeat(500));
        ParsedReport report = new ReportParser(small, IndicatorExtractor.withoutAllowlist())
                .parse(new ByteArrayInputStream(mail.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII)));
        assertThat(report.details().attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("big.bin");
            assertThat(a.stored()).isFalse();
            assertThat(a.sizeBytes()).isGreaterThan(100);
        });
        assertThat(report.warnings()).anyMatch(w -> w.contains("'attachment bytes' (100)"));
    }

    @Test
    void nestingDeeperThanTheLimitIsAWarningNotAFailure() throws Exception {
        StringBuilder mail = new StringBuilder("From: a@b.example\nSubject: deep\n");
        int levels = 30;
        for (int i = 0; i < levels; i++) {
            mail.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i)
                    .append('\n');
        }
        mail.append("Content-Type: text/plain\n\ndeep text\n");
        for (int i = levels - 1; i >= 0; i--) {
            mail.append("--b").append(i).append("--\n");
        }
        ParsedReport report = parse(mail.toString());
        assertThat(report.warnings()).anyMatch(w -> w.contains("'MIME depth' (20)"));
    }

    // --- text as the sender meant it

    @Test
    void iso2022jpLabelOverAnEucJpBodyIsDecodedAsEucJp() throws Exception {
        byte[] body = "不正アクセスを確認しました。ご確認ください。".getBytes(Charset.forName("EUC-JP"));
        ParsedReport report = parse(concat("From: a@b.example\nSubject: x\n"
                + "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 8bit\n\n", body, "\n"));
        assertThat(report.bodyText()).isEqualTo("不正アクセスを確認しました。ご確認ください。");
        assertThat(report.warnings()).anyMatch(w -> w.contains("decoded as EUC-JP"));
    }

    @Test
    void iso2022jpLabelOverAShiftJisBodyIsDecodedAsShiftJis() throws Exception {
        byte[] body = "フィッシングサイトの報告です。至急対応をお願いします。".getBytes(Charset.forName("windows-31j"));
        ParsedReport report = parse(concat("From: a@b.example\nSubject: x\n"
                + "Content-Type: text/plain; charset=iso-2022-jp\nContent-Transfer-Encoding: 8bit\n\n", body, "\n"));
        assertThat(report.bodyText()).isEqualTo("フィッシングサイトの報告です。至急対応をお願いします。");
    }

    @Test
    void rfc2047SubjectAndSenderNameAreDecoded() throws Exception {
        ParsedReport report = parse("""
                From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>
                Subject: =?UTF-8?B?5LiN5q2j44Ki44Kv44K744K5?=

                body
                """);
        assertThat(report.subject()).isEqualTo("不正アクセス");
        assertThat(report.fromName()).isEqualTo("山田");
        assertThat(report.fromAddress()).isEqualTo("yamada@example.jp");
    }

    @Test
    void rawUtf8HeadersAreReadAsUtf8() throws Exception {
        ParsedReport report = parse("""
                From: 佐藤 花子 <sato@example.jp>
                Subject: フィッシング報告 ünïcödé
                Content-Type: text/plain; charset=utf-8

                本文
                """);
        assertThat(report.subject()).isEqualTo("フィッシング報告 ünïcödé");
        assertThat(report.fromName()).isEqualTo("佐藤 花子");
        assertThat(report.fromAddress()).isEqualTo("sato@example.jp");
    }

    @Test
    void rfc2231FilenameIsDecodedAndSanitised() throws Exception {
        ParsedReport report = parse("""
                From: a@b.example
                Subject: x
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: application/pdf
                Content-Disposition: attachment; filename*=UTF-8''..%2F..%2F%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf

                %PDF-1.4 fake
                --b--
                """);
        assertThat(report.details().attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("請求書.pdf");
            assertThat(a.detectedType()).isEqualTo("application/pdf");
        });
    }

    @Test
    void rawUtf8FilenameIsReadAsUtf8() throws Exception {
        ParsedReport report = parse("""
                From: a@b.example
                Subject: x
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: text/csv; charset=utf-8
                Content-Disposition: attachment; filename="アクセスログ.csv"

                time,ip
                2026-03-01T10:00:00Z,198.51.100.4
                --b--
                """);
        assertThat(report.details().attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("アクセスログ.csv");
            assertThat(a.text()).contains("198.51.100.4");
        });
        assertThat(report.details().indicators()).contains(new Indicator(Indicator.IPV4, "198.51.100.4",
                "attachment アクセスログ.csv"));
    }

    @Test
    void base64BrokenAtTheEndStillYieldsWhatCanBeDecoded() throws Exception {
        String encoded = Base64.getEncoder().encodeToString("The phishing kit is at 203.0.113.9 today"
                .getBytes(StandardCharsets.US_ASCII));
        ParsedReport report = parse("From: a@b.example\nSubject: x\nContent-Type: text/plain\n"
                + "Content-Transfer-Encoding: base64\n\n" + encoded.substring(0, encoded.length() - 3) + "*!\n");
        assertThat(report.bodyText()).startsWith("The phishing kit is at 203.0.113.9");
    }

    @Test
    void quotedPrintableBrokenAtTheEndStillYieldsTheText() throws Exception {
        ParsedReport report = parse("From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
                + "Content-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 login page =E3=81=\n");
        assertThat(report.bodyText()).startsWith("Café login page");
    }

    @Test
    void htmlOnlyReportBecomesPlainTextWithoutScriptsAndKeepsLinkTargets() throws Exception {
        ParsedReport report = parse("""
                From: a@b.example
                Subject: x
                Content-Type: text/html; charset=utf-8

                <html><head><style>p{color:red}</style><script>alert('x')</script></head>
                <body><p>Dear team,</p><p>please look at <a href="http://evil.example.net/login">this page</a>.</p>
                <img src=x onerror=alert(1)><div>Thanks&nbsp;&amp; regards</div></body></html>
                """);
        assertThat(report.bodyText()).contains("Dear team,\nplease look at this page <http://evil.example.net/login>.")
                .contains("Thanks & regards").doesNotContain("alert").doesNotContain("<p>").doesNotContain("color");
    }

    // --- forwarded evidence

    @Test
    void forwardedPhishingMailIsItsOwnMessageWithHeadersBodyAttachmentsAndIndicators() throws Exception {
        String phish = """
                Received: from mail.phish.example (mail.phish.example [198.51.100.23]) by mx.victim.example
                Received: from [10.0.0.5] by mail.phish.example
                From: "Your Bank" <security@bank-login.example.com>
                To: alice@victim.example
                Subject: Verify your account
                Date: Mon, 2 Mar 2026 10:00:00 +0000
                Message-ID: <phish-1@bank-login.example.com>
                Content-Type: multipart/mixed; boundary=inner

                --inner
                Content-Type: text/plain

                Log in at hxxps://bank-login[.]example[.]com/verify now.
                --inner
                Content-Type: text/plain; name=urls.txt
                Content-Disposition: attachment; filename=urls.txt

                http://second-stage.example.org/payload
                --inner--
                """;
        String nested = Base64.getMimeEncoder().encodeToString(("From: x@y.example\nSubject: inner-most\n\n"
                + "deepest text\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        ParsedReport report = parse("""
                From: alice@victim.example
                Subject: Fwd: phishing
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: text/plain

                I received this phishing mail, see attached.
                --outer
                Content-Type: message/rfc822

                %s
                --outer
                Content-Type: message/rfc822
                Content-Transfer-Encoding: base64

                %s
                --outer--
                """.formatted(phish.strip(), nested));
        assertThat(report.bodyText()).isEqualTo("I received this phishing mail, see attached.");
        List<Evidence> evidence = report.details().evidence();
        assertThat(evidence).hasSize(2);
        Evidence first = evidence.get(0);
        assertThat(first.subject()).isEqualTo("Verify your account");
        assertThat(first.from()).isEqualTo("Your Bank <security@bank-login.example.com>");
        assertThat(first.messageId()).isEqualTo("phish-1@bank-login.example.com");
        assertThat(first.received()).hasSize(2);
        assertThat(first.bodyText()).contains("Log in at");
        assertThat(evidence.get(1).subject()).isEqualTo("inner-most");
        assertThat(evidence.get(1).bodyText()).isEqualTo("deepest text");
        assertThat(report.details().attachments()).singleElement()
                .satisfies(a -> assertThat(a.evidencePosition()).isEqualTo(1));
        assertThat(report.details().indicators()).extracting(Indicator::type, Indicator::value, Indicator::source)
                .contains(tuple(Indicator.URL, "https://bank-login.example.com/verify", "evidence 1"),
                        tuple(Indicator.IPV4, "198.51.100.23", "evidence 1 headers"),
                        tuple(Indicator.URL, "http://second-stage.example.org/payload", "attachment urls.txt"));
        assertThat(report.searchableText()).contains("Verify your account", "deepest text", "second-stage");
    }

    @Test
    void evidenceForwardedInsideEvidenceRecordsItsParent() throws Exception {
        ParsedReport report = parse("""
                From: a@b.example
                Subject: outer
                Content-Type: message/rfc822

                From: b@c.example
                Subject: middle
                Content-Type: message/rfc822

                From: c@d.example
                Subject: inner

                innermost
                """);
        assertThat(report.details().evidence()).extracting(Evidence::subject, Evidence::parentPosition,
                Evidence::depth).containsExactly(tuple("middle", 0, 1), tuple("inner", 1, 2));
    }

    // --- attachments

    @Test
    void attachmentsAreHashedTypedAndTextOnesAreReadable() throws Exception {
        ParsedReport report = parse("""
                From: a@b.example
                Subject: x
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                logs attached
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="C:\\\\Users\\\\me\\\\auth.log"

                Failed password for root from 192.0.2.44 port 22
                --b
                Content-Type: image/png; name=shot.png
                Content-Transfer-Encoding: base64

                iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
                --b--
                """);
        List<Attachment> attachments = report.details().attachments();
        assertThat(attachments).extracting(Attachment::filename, Attachment::declaredType, Attachment::detectedType)
                .containsExactly(tuple("auth.log", "application/octet-stream", "text/plain"),
                        tuple("shot.png", "image/png", "image/png"));
        Attachment log = attachments.get(0);
        assertThat(log.text()).contains("Failed password");
        assertThat(log.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(log.content().readAllBytes())));
        assertThat(attachments.get(1).text()).isNull();
        assertThat(report.searchableText()).contains("Failed password for root");
        assertThat(report.details().indicators()).contains(new Indicator(Indicator.IPV4, "192.0.2.44",
                "attachment auth.log"));
    }

    // --- machine-readable reports

    @Test
    void arfFeedbackReportFieldsAreStructuredAndSearchable() throws Exception {
        ParsedReport report = parse("""
                From: feedback@mailbox.example
                Subject: Abuse report
                Content-Type: multipart/report; report-type=feedback-report; boundary=r

                --r
                Content-Type: text/plain

                This is an abuse report.
                --r
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Original-Mail-From: <spammer@spam.example>
                Arrival-Date: Thu, 8 Mar 2026 14:00:00 EDT
                Source-IP: 192.0.2.2
                Reported-Domain: spam.example
                Reported-URI: http://spam.example/offer
                Authentication-Results: mx.mailbox.example;
                  spf=fail smtp.mailfrom=spam.example
                --r
                Content-Type: text/rfc822-headers

                Received: from spam.example (spam.example [192.0.2.2])
                From: spammer@spam.example
                Subject: Cheap pills
                --r--
                """);
        assertThat(report.details().fields()).extracting(ReportField::format, ReportField::name, ReportField::value)
                .contains(tuple("ARF", "Feedback-Type", "abuse"), tuple("ARF", "Source-IP", "192.0.2.2"),
                        tuple("ARF", "Reported-Domain", "spam.example"),
                        tuple("ARF", "Reported-URI", "http://spam.example/offer"),
                        tuple("ARF", "Authentication-Results",
                                "mx.mailbox.example; spf=fail smtp.mailfrom=spam.example"));
        assertThat(report.details().evidence()).singleElement()
                .satisfies(e -> assertThat(e.subject()).isEqualTo("Cheap pills"));
        assertThat(report.searchableText()).contains("Feedback-Type: abuse", "Source-IP: 192.0.2.2");
    }

    @Test
    void xarfYamlReportFieldsAreStructured() throws Exception {
        ParsedReport report = parse("""
                From: abuse@reporter.example
                Subject: abuse report about 192.0.2.77
                X-ARF: YES
                Content-Type: multipart/mixed; boundary=x

                --x
                Content-Type: text/plain; charset=utf-8

                Login attack from your network.
                --x
                Content-Type: text/plain; charset=utf-8; name="report.txt"

                ---
                Reported-From: abuse@reporter.example
                Category: abuse
                Report-Type: login-attack
                Service: ssh
                Source: 192.0.2.77
                Source-Type: ipv4
                Port: 22
                --x--
                """);
        assertThat(report.details().fields()).extracting(ReportField::format, ReportField::name, ReportField::value)
                .contains(tuple("X-ARF", "Category", "abuse"), tuple("X-ARF", "Report-Type", "login-attack"),
                        tuple("X-ARF", "Source", "192.0.2.77"));
    }

    @Test
    void xarfPlainHeaderFormWithReportTxtIsReadAsXarf() throws Exception {
        ParsedReport report = parse("""
                From: abuse@reporter.example
                Subject: abuse report about 192.0.2.78
                X-XARF: PLAIN
                Content-Type: multipart/mixed; boundary=x

                --x
                Content-Type: text/plain; charset=utf-8

                Port scan from your network.
                --x
                Content-Type: text/plain; charset=utf-8
                Content-Disposition: attachment; filename="report.txt"

                Reported-From: abuse@reporter.example
                Category: abuse
                Report-Type: portscan
                Source: 192.0.2.78
                Source-Type: ipv4
                --x--
                """);
        assertThat(report.details().fields()).extracting(ReportField::format, ReportField::name, ReportField::value)
                .contains(tuple("X-ARF", "Category", "abuse"), tuple("X-ARF", "Report-Type", "portscan"),
                        tuple("X-ARF", "Source", "192.0.2.78"));
    }

    @Test
    void xarfYamlWithOneBadLineKeepsTheOtherFieldsAndNamesTheBadLine() throws Exception {
        ParsedReport report = parse("""
                From: abuse@reporter.example
                Subject: abuse report about 192.0.2.79
                X-ARF: YES
                Content-Type: multipart/mixed; boundary=x

                --x
                Content-Type: text/plain; charset=utf-8

                Login attack from your network.
                --x
                Content-Type: text/plain; charset=utf-8; name="report.txt"

                ---
                Reported-From: abuse@reporter.example
                Category: abuse
                Report-Type: login-attack
                Schema-URL: http: //www.x-arf.org/schema/abuse_login-attack_0.1.2.json
                Service: ssh
                Source: 192.0.2.79
                --x--
                """);
        assertThat(report.details().fields()).extracting(ReportField::format, ReportField::name, ReportField::value)
                .containsExactly(tuple("X-ARF", "Reported-From", "abuse@reporter.example"),
                        tuple("X-ARF", "Category", "abuse"), tuple("X-ARF", "Report-Type", "login-attack"),
                        tuple("X-ARF", "Service", "ssh"), tuple("X-ARF", "Source", "192.0.2.79"));
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("X-ARF report part", "line 5",
                "Schema-URL: http: //www.x-arf.org"));
    }

    @Test
    void forwardedPhishGivesTheSendersAddressNotBuildNumbersIdentifiersOrTheReportersKey() throws Exception {
        ParsedReport report = parse("""
                From: alice@victim.example
                Subject: Fwd: phishing
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: text/plain

                Phishing mail attached; the payload's MD5 is 44d88612fea8a8f36de82e1278abb02f.
                My key: Key fingerprint = 3A4B 5C6D 7E8F 9A0B 1C2D  3E4F 5A6B 7C8D 9E0F 1A2B
                Fingerprint: 0123456789ABCDEF0123456789ABCDEF01234567
                --outer
                Content-Type: message/rfc822

                Received: from mail.phisher.example (unknown [198.51.100.31]) by
                 DM6PR01MB0001.namprd01.prod.outlook.com (2603:10b6:5:1::1) with Microsoft SMTP
                 Server (version=TLS1_2) id 15.20.239.5; Mon, 1 Jun 2026 10:00:00 +0000
                From: Your Bank <security@bank-login.example.com>
                Subject: Verify your account
                Message-ID: <d41d8cd98f00b204e9800998ecf8427e@bank-login.example.com>

                Log in at https://bank-login.example.com/verify
                --outer--
                """);
        assertThat(report.details().indicators()).extracting(Indicator::type, Indicator::value)
                .contains(tuple(Indicator.IPV4, "198.51.100.31"),
                        tuple(Indicator.MD5, "44d88612fea8a8f36de82e1278abb02f"))
                .doesNotContain(tuple(Indicator.IPV4, "15.20.239.5"), tuple(Indicator.IPV6, "2603:10b6:5:1::1"),
                        tuple(Indicator.MD5, "d41d8cd98f00b204e9800998ecf8427e"),
                        tuple(Indicator.SHA1, "0123456789abcdef0123456789abcdef01234567"));
        assertThat(report.details().indicators()).filteredOn(i -> i.type().equals(Indicator.SHA1)).isEmpty();
    }

    @Test
    void deliveryStatusFieldsAreStructured() throws Exception {
        ParsedReport report = parse("""
                From: MAILER-DAEMON@mx.example
                Subject: Undelivered Mail
                Content-Type: multipart/report; report-type=delivery-status; boundary=d

                --d
                Content-Type: text/plain

                Your message could not be delivered.
                --d
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; nobody@victim.example
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 User unknown
                --d--
                """);
        assertThat(report.details().fields()).extracting(ReportField::format, ReportField::name, ReportField::value)
                .containsExactly(tuple("DSN", "Reporting-MTA", "dns; mx.example"),
                        tuple("DSN", "Final-Recipient", "rfc822; nobody@victim.example"),
                        tuple("DSN", "Action", "failed"), tuple("DSN", "Status", "5.1.1"),
                        tuple("DSN", "Diagnostic-Code", "smtp; 550 5.1.1 User unknown"));
    }
}
