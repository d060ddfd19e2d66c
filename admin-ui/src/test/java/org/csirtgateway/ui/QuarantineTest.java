package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.csirtgateway.archive.ArchivedMessage;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarantined messages are visible to analysts with their reason and can be retried; the reason and source come
 * from attacker-controlled mail, so they are shown as text, and a retry is a state change guarded by CSRF and role.
 */
class QuarantineTest {

    private static final String HOSTILE_REASON = "Parser failed: <script>alert('reason')</script>";
    private static final String REPORT = """
            From: Reporter <reporter@example.org>
            To: csirt@example.org
            Subject: Phishing kit found on our server
            Message-ID: <kit-1@example.org>
            Date: Mon, 2 Mar 2026 10:00:00 +0000

            We found a phishing kit in /var/www/kit.
            """.replace("\n", "\r\n");

    @TempDir
    Path directory;
    TestServer server;
    long rawId;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        rawId = quarantined(REPORT, "imap:INBOX:7:<img src=x onerror=alert(1)>", HOSTILE_REASON);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void quarantinedMessageIsListedWithItsReasonInThePageAndTheApi() {
        Browser browser = server.browser().signedIn();
        HttpResponse<String> page = browser.get("/quarantine");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Quarantined 1–1 of 1", "action=\"/quarantine/" + rawId + "/retry\"",
                "href=\"/quarantine\"");

        HttpResponse<String> api = browser.get("/api/quarantine");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"total\":1", "\"id\":" + rawId, "\"channel\":\"csirt\"",
                "\"reason\":\"Parser failed: <script>");
    }

    @Test
    void reasonAndSourceCanNotInjectScriptIntoTheQuarantinePage() {
        String body = server.browser().signedIn().get("/quarantine").body();
        assertThat(body).doesNotContain("<script>alert", "<img src=x")
                .contains("&lt;script&gt;alert(", "&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void retryFromThePagePlacesTheMessageOnATicket() {
        Browser browser = server.browser().signedIn();
        String csrf = Browser.csrfField(browser.get("/quarantine").body());

        HttpResponse<String> response = browser.post("/quarantine/" + rawId + "/retry", Map.of("csrf", csrf));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/quarantine?retried=" + rawId
                + "&outcome=ticketed");
        assertThat(browser.get("/quarantine?retried=" + rawId + "&outcome=ticketed").body())
                .contains("is on a ticket now", "Nothing is quarantined.");
        assertThat(browser.get("/api/tickets").body()).contains("Phishing kit found on our server");
        assertThat(server.quarantine.count()).isZero();
    }

    @Test
    void retryWithoutTheCsrfTokenIsRefused() {
        Browser browser = server.browser().signedIn();
        HttpResponse<String> response = browser.post("/quarantine/" + rawId + "/retry", Map.of());
        assertThat(response.statusCode()).isEqualTo(403);
        HttpResponse<String> api = browser.post("/api/quarantine/" + rawId + "/retry", Map.of("csrf", "forged"));
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(server.quarantine.count()).isEqualTo(1);
    }

    @Test
    void apiRetryWithATokenReportsTheOutcome() {
        String token = server.accounts.createApiToken(TestServer.USER, "test");
        HttpResponse<String> response = server.browser().post("/api/quarantine/" + rawId + "/retry", Map.of(),
                "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":" + rawId, "\"outcome\":\"ticketed\"");
        HttpResponse<String> again = server.browser().post("/api/quarantine/" + rawId + "/retry", Map.of(),
                "Authorization", "Bearer " + token);
        assertThat(again.statusCode()).isEqualTo(404);
    }

    @Test
    void aMessageThatFailsAgainIsScheduledForAnotherTryWithTheNewReason() {
        long empty = server.database.inTransaction(connection -> Sql.insert(connection, """
                        INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state, failure)
                        VALUES (?, 10, 'csirt', 'imap:INBOX:7:99', ?, 'quarantined', 'old reason')""",
                "%064x".formatted(99), Instant.parse("2026-03-02T10:01:00Z")));
        String token = server.accounts.createApiToken(TestServer.USER, "test");
        HttpResponse<String> response = server.browser().post("/api/quarantine/" + empty + "/retry", Map.of(),
                "Authorization", "Bearer " + token);
        // A missing original may be a passing disk problem: the retry is counted and scheduled (the intake's retry
        // policy) rather than quarantined again at once, and the new reason is recorded.
        assertThat(response.body()).contains("\"outcome\":\"pending\"");
        String reason = server.database.read(connection -> Sql.one(connection,
                "SELECT failure FROM raw_messages WHERE id = ?", row -> row.getString(1), empty)).orElse("");
        assertThat(reason).contains("Reading the archived original");
    }

    @Test
    void readOnlyUsersSeeTheQuarantineButCannotRetry() {
        server.accounts.addUser("rita", "read only but long enough".toCharArray(), Role.READ_ONLY);
        Browser browser = server.browser();
        assertThat(browser.signIn("rita", "read only but long enough").statusCode()).isEqualTo(303);
        HttpResponse<String> page = browser.get("/quarantine");
        assertThat(page.body()).contains("Quarantined 1–1 of 1").doesNotContain("/retry\"");
        String csrf = Browser.csrfField(page.body());
        assertThat(browser.post("/quarantine/" + rawId + "/retry", Map.of("csrf", csrf)).statusCode())
                .isEqualTo(403);
        assertThat(server.quarantine.count()).isEqualTo(1);
    }

    @Test
    void metricsAreServedInPrometheusFormatToAuthenticatedScrapersOnly() {
        assertThat(server.browser().get("/api/metrics").statusCode()).isEqualTo(401);
        assertThat(server.browser().get("/metrics").statusCode()).isEqualTo(302);

        String token = server.accounts.createApiToken(TestServer.USER, "prometheus");
        server.browser().post("/api/quarantine/" + rawId + "/retry", Map.of(), "Authorization", "Bearer " + token);
        HttpResponse<String> scrape = server.browser().get("/api/metrics", "Authorization", "Bearer " + token);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(scrape.body()).contains("# TYPE csirt_tickets_created_total counter",
                "csirt_tickets_created_total 1", "# TYPE csirt_stage_duration_seconds histogram",
                "csirt_stage_duration_seconds_count{stage=\"parse\"} 1",
                "csirt_stage_duration_seconds_bucket{stage=\"parse\",le=\"+Inf\"} 1");
        assertThat(server.browser().signedIn().get("/metrics").statusCode()).isEqualTo(200);
    }

    private long quarantined(String raw, String source, String reason) throws IOException {
        ArchivedMessage archived = server.archive.store(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return server.database.inTransaction(connection -> Sql.insert(connection, """
                        INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state, failure)
                        VALUES (?, ?, 'csirt', ?, ?, 'quarantined', ?)""",
                archived.sha256(), archived.sizeBytes(), source, Instant.parse("2026-03-02T10:01:00Z"), reason));
    }
}
