package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat: forwarded evidence and attachments are made by attackers. Their HTML must reach the analyst as inert text,
 * attachments must only ever be downloaded (never rendered on the admin origin), and the download route must serve
 * nothing but the stored attachments of the ticket named.
 */
class EvidenceViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIL = """
            From: alice@victim.example
            Subject: Fwd: <script>alert('subject')</script>
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain

            Forwarded phishing below.
            --outer
            Content-Type: message/rfc822

            Received: from evil.example.com (evil.example.com [203.0.113.99])
            From: "<img src=x onerror=alert('from')>" <phisher@evil.example.com>
            Subject: <svg onload=alert('evidence')>
            Message-ID: <x1@evil.example.com>
            Content-Type: multipart/mixed; boundary=inner

            --inner
            Content-Type: text/html

            <p>Hi</p><script>alert('body')</script><iframe src="http://evil.example.com/"></iframe><a href="javascript:alert(1)">click</a>
            --inner
            Content-Type: text/html; name="\\"><script>alert('name')</script>.html"
            Content-Disposition: attachment; filename="\\"><script>alert('name')</script>.html"

            <script>alert('attachment')</script>
            --inner--
            --outer--
            """;

    @TempDir
    Path directory;
    TestServer server;
    Browser browser;
    String ticketId;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        ticketId = server.tickets.fromMail(MAIL, Instant.parse("2026-03-01T10:00:00Z"));
        browser = server.browser().signedIn();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private String ticketPath() {
        return "/tickets/" + URLEncoder.encode(ticketId, StandardCharsets.UTF_8);
    }

    @Test
    void reportedHtmlInForwardedEvidenceCanNotRunScriptInTicketView() {
        HttpResponse<String> page = browser.get(ticketPath());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Forwarded message 1", "Received chain", "203.0.113.99", "&lt;svg onload")
                .doesNotContain("<script", "<svg", "<iframe", "<img src=x", "javascript:alert", "alert('body')");
    }

    @Test
    void ticketViewShowsEvidenceAttachmentsAndIndicatorsGroupedByType() {
        String body = browser.get(ticketPath()).body();
        assertThat(body).contains("<section class=\"evidence evidence-depth-1\">", "phisher@evil.example.com",
                "<h4>ipv4", "<h4>domain", "evil.example.com", "evidence 1 headers");
    }

    @Test
    void fullHeadersShowTheArchivedHeaderBlockAsInertText() {
        String ticket = server.tickets.fromMail("""
                Received: from mx.attacker.example (mx.attacker.example [198.51.100.23])
                Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=<script>alert('spf')</script>
                From: mallory@attacker.example
                Subject: headers

                body
                """, Instant.parse("2026-03-03T10:00:00Z"));
        String body = browser.get("/tickets/" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)).body();
        assertThat(body).contains("<details class=\"full-headers\">", "Full headers",
                "Received: from mx.attacker.example (mx.attacker.example [198.51.100.23])",
                "smtp.mailfrom=&lt;script&gt;alert(")
                .doesNotContain("<script>alert('spf')");
        assertThat(browser.get("/api/tickets/" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)).body())
                .as("the API gives them too").contains("\"fullHeaders\":\"Received: from mx.attacker.example");
        assertThat(body.substring(body.indexOf("full-headers"))).as("the body is not part of the headers")
                .startsWith("full-headers").doesNotContain("<pre class=\"headers\">Received: from mx.attacker."
                        + "example (mx.attacker.example [198.51.100.23])\nAuthentication-Results: mx.example.org; spf=fail"
                        + " smtp.mailfrom=&lt;script&gt;alert(&#39;spf&#39;)&lt;/script&gt;\nFrom: mallory@attacker.example"
                        + "\nSubject: headers\n\nbody");
    }

    @Test
    void eachIndicatorLinksToTheSearchForEveryTicketThatMentionsIt() {
        String body = browser.get(ticketPath()).body();
        String link = "/tickets?q=" + URLEncoder.encode("ip:\"203.0.113.99\"", StandardCharsets.UTF_8);
        assertThat(body).contains("<a href=\"" + link.replace("&", "&amp;") + "\"");
        String other = server.tickets.fromMail("From: carol@y.example\nSubject: same host\n\nScans from 203.0.113.99\n",
                Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(browser.get(link).body()).contains(ticketId, other);
    }

    @Test
    void attachmentIsAlwaysADownloadNeverInline() throws IOException {
        JsonNode attachment = attachmentJson();
        HttpResponse<String> download = browser.get(attachment.get("download").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(value -> assertThat(value)
                .startsWith("attachment; filename=\"")
                .contains("filename*=UTF-8''")
                .doesNotContain("\"><", "<script>"));
        assertThat(download.body()).contains("alert('attachment')");
    }

    @Test
    void attachmentNameCanNotInjectHeaderParameters() throws IOException {
        String disposition = browser.get(attachmentJson().get("download").asText()).headers()
                .firstValue("Content-Disposition").orElseThrow();
        String asciiName = disposition.substring("attachment; filename=\"".length(), disposition.indexOf("\"; "));
        assertThat(asciiName).doesNotContain("\"", ";", "\\", "\r", "\n");
    }

    @Test
    void attachmentOfAnotherTicketOrAnyOtherPathIsNotServed() throws IOException {
        String sha = attachmentJson().get("sha256").asText();
        String other = server.tickets.fromMail("From: bob@x.example\nSubject: other\n\nother report\n",
                Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(browser.get("/tickets/" + URLEncoder.encode(other, StandardCharsets.UTF_8) + "/attachments/"
                + sha).statusCode()).isEqualTo(404);
        assertThat(browser.get(ticketPath() + "/attachments/..%2F..%2Fgateway.db").statusCode()).isEqualTo(404);
        assertThat(browser.get(ticketPath() + "/attachments/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    }

    @Test
    void attachmentsNeedASignedInUser() throws IOException {
        String download = attachmentJson().get("download").asText();
        HttpResponse<String> anonymous = server.browser().get(download);
        assertThat(anonymous.statusCode()).isIn(302, 303, 401);
        assertThat(anonymous.body()).doesNotContain("alert('attachment')");
    }

    @Test
    void attachmentWhoseContentIsNotInThisInstallationIsAnsweredWithAReadableErrorNotAServerError()
            throws IOException {
        String download = attachmentJson().get("download").asText();
        // As after restoring a backup taken without attachments/: the database lists the attachment, its store is gone.
        try (Stream<Path> files = Files.walk(directory.resolve("attachments"))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }

        HttpResponse<String> response = browser.get(download);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("The content of this attachment is not in this installation")
                .doesNotContain(".pack", "packs/", "Exception", directory.toString());
        assertThat(browser.get(ticketPath()).statusCode()).as("the ticket itself is still shown").isEqualTo(200);
    }

    private JsonNode attachmentJson() throws IOException {
        HttpResponse<String> response = browser.get("/api" + ticketPath());
        JsonNode evidence = JSON.readTree(response.body()).get("messages").get(0).get("evidence").get(0);
        return evidence.get("attachments").get(0);
    }
}
