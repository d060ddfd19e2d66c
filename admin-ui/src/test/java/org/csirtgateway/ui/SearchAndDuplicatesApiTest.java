package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.csirtgateway.search.Reindexer;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search filters, highlighted snippets, near-duplicate proposals, related tickets and "mark duplicate" over HTTP.
 * Reporter text is hostile: a snippet is escaped before its matches are marked.
 */
class SearchAndDuplicatesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "CSIRT#2026-000001";
    private static final String SECOND = "CSIRT#2026-000002";
    private static final String THIRD = "CSIRT#2026-000003";

    @TempDir
    Path directory;
    TestServer server;
    String token;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket(FIRST, "Phishing site", "alice@reporter.example",
                "The phishing page at https://bank-login.example/x.php runs on 203.0.113.9.",
                Instant.parse("2026-03-01T10:00:00Z"), null);
        server.tickets.ticket(SECOND, "Scanning", "bob@reporter.example",
                "<script>alert(1)</script> Port scans from 203.0.113.9 against our phishing-free hosts.",
                Instant.parse("2026-03-10T10:00:00Z"), null);
        server.tickets.ticket(THIRD, "Malware", "carol@reporter.example",
                "A trojan with hash 44d88612fea8a8f36de82e1278abb02f.", Instant.parse("2026-04-20T10:00:00Z"), null);
        Reindexer reindexer = new Reindexer(server.database);
        for (String id : new String[] {FIRST, SECOND, THIRD}) {
            reindexer.reindexTicket(server.index, id); // as a rebuild does: with the indicators stored for them
        }
        token = server.accounts.createApiToken(TestServer.USER, "tests");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void filtersAreSeparateParametersOfTheApi() throws IOException {
        assertThat(ids(api("/api/tickets?indicator=hash"))).containsExactly(THIRD);
        assertThat(ids(api("/api/tickets?indicator=ip&sort=oldest"))).containsExactly(FIRST, SECOND);
        assertThat(ids(api("/api/tickets?from=2026-03-05&to=2026-04-30&sort=newest"))).containsExactly(THIRD, SECOND);
        assertThat(ids(api("/api/tickets?to=2026-03-01"))).containsExactly(FIRST);
        assertThat(ids(api("/api/tickets?status=new&channel=csirt&q=trojan"))).containsExactly(THIRD);
        assertThat(ids(api("/api/tickets?status=resolved"))).isEmpty();
        assertThat(ids(api("/api/tickets?q=ip:203.0.113.9&sort=newest"))).containsExactly(SECOND, FIRST);
    }

    @Test
    void badQueryOrFilterIsAHelpful400() {
        assertBadRequest("/api/tickets?q=%22unclosed", "Cannot parse query: unclosed quote");
        assertBadRequest("/api/tickets?from=yesterday", "Invalid from: 'yesterday' is not a date like 2026-03-01");
        assertBadRequest("/api/tickets?indicator=asn", "Invalid indicator: indicator type must be one of");
        assertBadRequest("/api/tickets?sort=random", "Invalid sort: sort must be relevance, newest or oldest");
        assertBadRequest("/api/tickets?from=2026-05-01&to=2026-03-01", "Invalid to: the date range ends before");
    }

    @Test
    void snippetMatchesPointAtTheQueryWords() throws IOException {
        JsonNode hit = api("/api/tickets?q=trojan").get("tickets").get(0);
        String snippet = hit.get("snippet").asText();
        JsonNode match = hit.get("matches").get(0);
        assertThat(snippet.substring(match.get("start").asInt(), match.get("end").asInt())).isEqualTo("trojan");
    }

    @Test
    void reportedHtmlInASnippetIsEscapedBeforeTheMatchIsMarked() {
        String page = server.browser().signedIn().get("/tickets?q=scans").body();
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                .contains("<mark>scans</mark>");
    }

    @Test
    void relatedTicketsShareAnIndicatorWithinTheWindow() throws IOException {
        JsonNode related = api("/api/tickets/" + encoded(SECOND) + "/related");
        assertThat(related.get("windowDays").asInt()).isEqualTo(90);
        JsonNode ip = null;
        for (JsonNode indicator : related.get("indicators")) {
            if (indicator.get("value").asText().equals("203.0.113.9")) {
                ip = indicator;
            }
        }
        assertThat(ip).isNotNull();
        assertThat(ip.get("tickets").get(0).get("ticket").asText()).isEqualTo(FIRST);
        assertThat(ip.get("tickets")).hasSize(1);
    }

    @Test
    void proposedDuplicateIsShownAndConfirmedWithOneAction() throws IOException {
        server.database.inTransaction(connection -> Sql.update(connection, """
                INSERT INTO similar_tickets (ticket_id, similar_to, score, text_similarity, indicator_overlap, state,
                                             proposed_at) VALUES (?, ?, 0.87, 0.5, 1.0, 'proposed', ?)""",
                SECOND, FIRST, Instant.now()));
        Browser browser = server.browser().signedIn();
        String page = browser.get("/tickets/" + encoded(SECOND)).body();
        assertThat(page).contains("Possible duplicate of").contains(FIRST).contains("(0.87)")
                .contains("Mark as duplicate");

        HttpResponse<String> marked = browser.post("/tickets/" + encoded(SECOND) + "/duplicate-of",
                Map.of("duplicateOf", FIRST, "csrf", Browser.csrfField(page)));
        assertThat(marked.statusCode()).isEqualTo(303);

        JsonNode similar = api("/api/tickets/" + encoded(SECOND) + "/similar");
        assertThat(similar.get("duplicateOf").asText()).isEqualTo(FIRST);
        assertThat(similar.get("possibleDuplicates").get(0).get("state").asText()).isEqualTo("confirmed");
        assertThat(api("/api/tickets/" + encoded(SECOND)).get("status").asText()).isEqualTo("duplicate");
        assertThat(ids(api("/api/tickets?status=duplicate"))).containsExactly(SECOND);
    }

    @Test
    void apiMarksADuplicateAndRefusesAnUnknownTicket() throws IOException {
        HttpResponse<String> ok = server.browser().postJson("/api/tickets/" + encoded(THIRD) + "/duplicate-of",
                "{\"duplicateOf\": \"" + FIRST + "\"}", "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(api("/api/tickets/" + encoded(THIRD)).get("status").asText()).isEqualTo("duplicate");

        HttpResponse<String> unknown = server.browser().postJson("/api/tickets/" + encoded(SECOND) + "/duplicate-of",
                "{\"duplicateOf\": \"CSIRT#2099-999999\"}", "Authorization", "Bearer " + token);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private void assertBadRequest(String path, String message) {
        HttpResponse<String> response = server.browser().get(path, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.body()).as(path).contains(message);
    }

    private JsonNode api(String path) throws IOException {
        HttpResponse<String> response = server.browser().get(path, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static java.util.List<String> ids(JsonNode list) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        list.get("tickets").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    private static String encoded(String id) {
        return id.replace("#", "%23");
    }
}
