package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.csirtgateway.indicator.IndicatorExtractor;
import org.junit.jupiter.api.Test;

/** Header shapes seen in real reports that break a strict reading: what the analyst sees of each. */
class ReportParserHeaderShapesTest {

    private final ReportParser parser = new ReportParser();

    private ParsedReport parse(String mail) throws ParseException {
        return parse(parser, mail);
    }

    private static ParsedReport parse(ReportParser parser, String mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A folded To header of about 200 KB: thousands of recipients. */
    private static String longRecipientList() {
        return IntStream.range(0, 6_000).mapToObj(i -> "user" + i + "@victims.example")
                .collect(Collectors.joining(",\n "));
    }

    // --- one oversized header field

    @Test
    void aHeaderFieldOverTheFieldLimitIsCutWithAWarningNamingItAndTheReportIsRead() throws Exception {
        String to = longRecipientList();
        assertThat(to.length()).isGreaterThan(128 << 10);
        ParsedReport report = parse("""
                From: reporter@isp.example
                To: %s
                Subject: Phishing campaign against your customers
                Content-Type: text/plain

                The phishing page is at http://login-secure.example/verify.
                """.formatted(to));

        assertThat(report.subject()).isEqualTo("Phishing campaign against your customers");
        assertThat(report.fromAddress()).isEqualTo("reporter@isp.example");
        assertThat(report.bodyText()).contains("The phishing page is at http://login-secure.example/verify.");
        assertThat(report.warnings()).containsExactly(
                "Header field 'To' is longer than 65536 bytes; cut to 65536 bytes");
    }

    @Test
    void aLongFieldInAPartHeaderIsCutAndThePartKept() throws Exception {
        String name = "x".repeat(70_000) + ".txt";
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: logs
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: text/plain
                Content-Disposition: attachment
                X-Long: %s

                log line
                --b--
                """.formatted(name));

        assertThat(report.bodyText()).isEqualTo("see attached");
        assertThat(report.details().attachments()).hasSize(1);
        assertThat(report.warnings()).containsExactly(
                "Header field 'X-Long' is longer than 65536 bytes; cut to 65536 bytes");
    }

    @Test
    void aHeaderBlockOverTheBlockLimitIsStillQuarantinedNamingTheLimit() {
        IntakeLimits limits = new IntakeLimits("tiny-headers", 10L << 20, 1_000, 1_000, 5, 10, 1_000, 1_000,
                10_000);
        String mail = "From: a@b.example\n" + ("X-Filler: " + "y".repeat(900) + "\n").repeat(20) + "\nbody\n";
        assertThatThrownBy(() -> parse(new ReportParser(limits, IndicatorExtractor.withoutAllowlist()), mail))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Intake limit 'header block bytes' (10000, preset tiny-headers) exceeded: "
                        + "a header block is larger");
    }

    @Test
    void oneFieldLargerThanTheWholeBlockLimitIsQuarantinedBeforeItIsHeldInMemory() {
        IntakeLimits limits = new IntakeLimits("tiny-headers", 10L << 20, 1_000, 1_000, 5, 10, 1_000, 1_000,
                10_000);
        String mail = "From: a@b.example\nTo: " + "z".repeat(50_000) + "\n\nbody\n";
        assertThatThrownBy(() -> parse(new ReportParser(limits, IndicatorExtractor.withoutAllowlist()), mail))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("'header block bytes' (10000");
    }

    // --- RFC 2231 file names

    @Test
    void plainContinuationSegmentsAreJoinedBeforeTheEncodedWordIsDecoded() throws Exception {
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: page
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see the saved page
                --b
                Content-Type: text/html
                Content-Disposition: attachment;
                 filename*0="=?utf-8?Q?Ma=C3=9Fn'ah'men_?=";
                 filename*1="Okt. 2020.html"

                <p>x</p>
                --b--
                """);

        assertThat(report.attachments()).containsExactly("Maßn'ah'men Okt. 2020.html");
    }

    @Test
    void anExtendedFirstSegmentHasItsCharsetPrefixStrippedAndLaterSegmentsAreJoined() throws Exception {
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: page
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: application/pdf
                Content-Disposition: attachment;
                 filename*0*=utf-8'de'Ma%C3%9Fnahmen%20;
                 filename*1="Okt. 2020";
                 filename*2*=%2Epdf

                JVBERi0=
                --b--
                """);

        assertThat(report.attachments()).containsExactly("Maßnahmen Okt. 2020.pdf");
    }

    @Test
    void aSingleExtendedNameAndAContentTypeNameInSegmentsAreDecoded() throws Exception {
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: files
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename*=iso-8859-1''%E4rger.bin

                AAAA
                --b
                Content-Type: application/octet-stream; name*0="evidence-"; name*1="2020.bin"

                AAAA
                --b--
                """);

        assertThat(report.attachments()).containsExactly("ärger.bin", "evidence-2020.bin");
    }
}
