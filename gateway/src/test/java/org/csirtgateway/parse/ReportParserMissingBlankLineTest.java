package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Text that follows a part's header directly, without the blank line: read as body the way mail clients read it. */
class ReportParserMissingBlankLineTest {

    private final ReportParser parser = new ReportParser();

    private ParsedReport parse(String mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void textRightAfterThePartHeadersIsTheBodyNotLostAsHeaderLines() throws Exception {
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: abuse
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain
                Hello, this is the report of a phishing page at http://login-secure.example/verify.
                Please take it down.
                --b--
                """);

        assertThat(report.bodyText()).isEqualToNormalizingNewlines("""
                Hello, this is the report of a phishing page at http://login-secure.example/verify.
                Please take it down.""");
    }

    @Test
    void aFoldedHeaderIsStillAHeaderAndNotTheStartOfTheBody() throws Exception {
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: scanning
                 from 192.0.2.44

                body
                """);

        assertThat(report.subject()).isEqualTo("scanning from 192.0.2.44");
        assertThat(report.bodyText()).isEqualTo("body");
    }

    @Test
    void anAttachmentWhoseContentFollowsItsHeadersKeepsItsNameAndContent() throws Exception {
        ParsedReport report = parse("""
                From: reporter@isp.example
                Subject: logs
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                log attached
                --b
                Content-Type: text/plain; name=auth.log
                Content-Disposition: attachment; filename=auth.log
                Jan  1 00:00:01 sshd[1]: Failed password for root from 203.0.113.9
                --b--
                """);

        assertThat(report.attachments()).containsExactly("auth.log");
        assertThat(report.details().attachments()).singleElement().satisfies(attachment ->
                assertThat(attachment.text()).contains("Failed password for root from 203.0.113.9"));
    }

    @Test
    void anMboxFromLineBeforeTheFirstHeaderFieldDoesNotEndTheHeader() throws Exception {
        ParsedReport report = parse("""
                From reporter@isp.example Mon Jan  1 00:00:00 2024
                From: reporter@isp.example
                Subject: scanning

                192.0.2.44 is scanning our network.
                """);

        assertThat(report.subject()).isEqualTo("scanning");
        assertThat(report.fromAddress()).isEqualTo("reporter@isp.example");
        assertThat(report.bodyText()).isEqualTo("192.0.2.44 is scanning our network.");
    }

    @Test
    void aBoundaryParameterOnAnUnindentedLineOfAPartHeaderIsFoldedIntoItsContentType() throws Exception {
        ParsedReport report = parse("""
                From: postmaster@mx.example
                Subject: Undeliverable
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/alternative; differences=Content-Type;
                boundary="inner"

                --inner
                Content-Type: text/plain

                Your message to nobody@example.jp was rejected.
                --inner--
                --outer--
                """);

        assertThat(report.bodyText()).isEqualTo("Your message to nobody@example.jp was rejected.");
    }
}
