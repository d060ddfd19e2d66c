package org.csirtgateway.ui;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat: reports are written by anyone on the internet; their HTML must reach the analyst as inert text, and the
 * pages must not be framable or load anything from elsewhere.
 */
class TicketPagesTest {

    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>";

    @TempDir
    Path directory;
    TestServer server;
    Browser browser;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket("CSIRT#2026-000001", "Look " + HOSTILE, "x\"><script>@evil.example",
                "Hello,\n" + HOSTILE + "\nregards", Instant.parse("2026-03-01T10:00:00Z"), null);
        server.tickets.ticket("CSIRT#2026-000002", "不正アクセスの報告", "tanaka@example.jp",
                "サーバーへの不正アクセスを確認しました。", Instant.parse("2026-03-02T09:00:00Z"),
                Instant.parse("2026-03-02T09:00:03Z"));
        browser = server.browser().signedIn();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void reportedHtmlIsShownAsTextInTicketView() {
        HttpResponse<String> response = browser.get("/tickets/CSIRT%232026-000001");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("<pre class=\"body\">")
                .doesNotContain("<script", "<img", "onerror=alert(1)>");
    }

    @Test
    void reportedHtmlIsShownAsTextInTheList() {
        HttpResponse<String> response = browser.get("/tickets");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("&lt;script&gt;").doesNotContain("<script", "<img");
    }

    @Test
    void listShowsTicketsWithLinksThatEncodeTheHash() {
        String body = browser.get("/tickets").body();
        assertThat(body).contains("href=\"/tickets/CSIRT%232026-000002\"", "CSIRT#2026-000002", "tanaka@example.jp",
                "2026-03-02 09:00 UTC", "Tickets 1–2 of 2");
        assertThat(browser.get("/tickets/CSIRT%232026-000002").body()).contains("不正アクセスの報告");
    }

    @Test
    void japaneseTextIsServedAsUtf8() {
        String query = URLEncoder.encode("不正アクセス", StandardCharsets.UTF_8);
        HttpResponse<String> response = browser.get("/tickets?q=" + query);

        assertThat(response.statusCode()).isEqualTo(200);
        // Jetty writes the header without the optional space: text/html;charset=utf-8
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "").toLowerCase(java.util.Locale.ROOT)).isEqualTo("text/html;charset=utf-8"));
        assertThat(response.body()).contains("不正アクセスの報告", "value=\"不正アクセス\"", "<meta charset=\"utf-8\">");
    }

    @Test
    void badSearchShowsTheParserMessageWithStatus400() {
        HttpResponse<String> response = browser.get("/tickets?q=%22unclosed");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Cannot parse query: ", "value=\"&#34;unclosed\"");
    }

    @Test
    void unknownTicketPageIs404() {
        HttpResponse<String> response = browser.get("/tickets/CSIRT%232026-999999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("No ticket CSIRT#2026-999999");
    }

    @Test
    void rootRedirectsToTheDashboard() {
        HttpResponse<String> response = browser.get("/");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/dashboard");
    }

    @Test
    void securityHeadersArePresentOnPagesAndApi() {
        String token = server.accounts.createApiToken(TestServer.USER, "headers");
        List<HttpResponse<String>> responses = List.of(
                browser.get("/tickets"),
                browser.get("/tickets/CSIRT%232026-000001"),
                server.browser().get("/login"),
                server.browser().get("/tickets"),
                server.browser().get("/api/tickets"),
                server.browser().get("/api/health"),
                server.browser().get("/api/tickets", "Authorization", "Bearer " + token),
                server.browser().get("/api/tickets/nothing", "Authorization", "Bearer " + token),
                browser.get("/assets/app.css"));
        for (HttpResponse<String> response : responses) {
            String what = response.request().uri() + " " + response.statusCode();
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(what)
                    .hasValue("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                            + "frame-ancestors 'none'; base-uri 'none'");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(response.headers().firstValue("Server")).as(what).isEmpty();
        }
    }

    @Test
    void pagesUseNoInlineStylesScriptsOrOtherOrigins() {
        for (String path : List.of("/tickets", "/tickets/CSIRT%232026-000002")) {
            String body = browser.get(path).body();
            assertThat(body).doesNotContain("style=", "<style", "<script", "http://", "https://");
        }
        assertThat(server.browser().get("/login").body()).doesNotContain("style=", "<script", "https://");
    }
}
