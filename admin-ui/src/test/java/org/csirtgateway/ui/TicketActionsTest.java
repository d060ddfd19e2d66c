package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analysts change tickets over the JSON API and the ticket page's forms; read-only users cannot; forms need the
 * session's CSRF token; what analysts and reporters typed is shown escaped.
 */
class TicketActionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "CSIRT#2026-000001";
    private static final String PATH_ID = "CSIRT%232026-000001";

    @TempDir
    Path directory;
    TestServer server;
    String token;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket(ID, "Phishing site", "alice@reporter.example", "A phishing page.",
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:05Z"));
        server.tickets.ticket("CSIRT#2026-000002", "Same phishing site", "bob@reporter.example", "Again.",
                Instant.parse("2026-03-01T11:00:00Z"), null);
        token = server.accounts.createApiToken(TestServer.USER, "tests");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void statusMovesAlongTheLifecycleAndRecordsWhoAndWhen() throws IOException {
        JsonNode triaged = post("/status", "{\"status\":\"triaged\"}", 200).get("ticket");
        assertThat(triaged.get("status").asText()).isEqualTo("triaged");
        assertThat(triaged.get("statusChangedBy").asText()).isEqualTo(TestServer.USER);
        assertThat(triaged.get("statusChangedAt").asText()).isNotBlank();
        post("/status", "{\"status\":\"incident\"}", 200);
        JsonNode resolved = post("/status", "{\"status\":\"resolved\"}", 200).get("ticket");
        assertThat(resolved.get("events").findValuesAsText("detail"))
                .containsExactly("new -> triaged", "triaged -> incident", "incident -> resolved");
        assertThat(resolved.get("events").findValuesAsText("actor")).containsOnly(TestServer.USER);
    }

    @Test
    void anInvalidTransitionIsRefusedWith400NamingTheRule() throws IOException {
        JsonNode error = post("/status", "{\"status\":\"resolved\"}", 400);
        assertThat(error.get("rule").asText()).isEqualTo("status-transition");
        assertThat(error.get("error").asText()).contains("from new to resolved")
                .contains("new -> triaged -> incident / not-incident / duplicate -> resolved");
        assertThat(post("/status", "{\"status\":\"closed\"}", 400).get("rule").asText()).isEqualTo("status-unknown");
        assertThat(ticket().get("status").asText()).isEqualTo("new");
        assertThat(ticket().get("events")).isEmpty();
    }

    @Test
    void assigneeCategoryAndNotesAreKeptWithAnAuditLog() throws IOException {
        post("/assignee", "{\"assignee\":\"carol\"}", 200);
        post("/category", "{\"category\":\"phishing\"}", 200);
        JsonNode note = post("/notes", "{\"body\":\"Called the hoster.\"}", 201);
        assertThat(note.get("noteId").asLong()).isPositive();
        JsonNode ticket = note.get("ticket");
        assertThat(ticket.get("assignee").asText()).isEqualTo("carol");
        assertThat(ticket.get("category").asText()).isEqualTo("phishing");
        assertThat(ticket.get("notes").get(0).get("body").asText()).isEqualTo("Called the hoster.");
        assertThat(ticket.get("events").findValuesAsText("kind")).containsExactly("assignee", "category", "note");
        assertThat(post("/notes", "{\"body\":\"  \"}", 400).get("rule").asText()).isEqualTo("note-empty");
        assertThat(post("/assignee", "{\"assignee\":\"a b\\nc\"}", 400).get("rule").asText())
                .isEqualTo("assignee-format");
    }

    @Test
    void mergeShowsTheMessagesOnTheSurvivorAndRefusesNonsense() throws IOException {
        HttpResponse<String> merged = server.browser().postJson("/api/tickets/CSIRT%232026-000002/merge",
                "{\"into\":\"" + ID + "\"}", "Authorization", "Bearer " + token);
        assertThat(merged.statusCode()).isEqualTo(200);
        JsonNode survivor = ticket();
        assertThat(survivor.get("mergedFrom").findValuesAsText("")).isEmpty();
        assertThat(survivor.get("mergedFrom").get(0).asText()).isEqualTo("CSIRT#2026-000002");
        assertThat(survivor.get("messages").findValuesAsText("subject"))
                .containsExactly("Phishing site", "Same phishing site");
        assertThat(post("/merge", "{\"into\":\"" + ID + "\"}", 400).get("rule").asText())
                .isEqualTo("merge-into-itself");
        assertThat(post("/merge", "{\"into\":\"CSIRT#2026-000002\"}", 400).get("rule").asText())
                .isEqualTo("merge-into-merged");
        assertThat(post("/merge", "{\"into\":\"CSIRT#2026-999999\"}", 404).get("error").asText())
                .contains("No ticket CSIRT#2026-999999");
    }

    @Test
    void aReplyIsQueuedWithTheTicketTagAndShownInTheThread() throws IOException {
        JsonNode reply = post("/reply", "{\"body\":\"Could you send the URL?\"}", 202);
        assertThat(reply.get("messageId").asText()).endsWith("@example.org");
        JsonNode thread = reply.get("ticket").get("messages");
        assertThat(thread.findValuesAsText("role")).containsExactly("report", "reply");
        assertThat(thread.get(1).get("subject").asText()).isEqualTo("Re: [" + ID + "] Phishing site");
        assertThat(thread.get(1).get("from").asText()).isEqualTo("alice@reporter.example");
        String mime = server.database.read(c -> Sql.one(c, "SELECT mime FROM outbox WHERE kind = 'reply'",
                row -> new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))).orElseThrow();
        assertThat(mime).contains("In-Reply-To: <m1@reporter.example>").contains("From: Example CSIRT <csirt@example.org>");
        assertThat(post("/reply", "{\"to\":\"a@b.example\\r\\nBcc: x@evil.example\",\"body\":\"x\"}", 400)
                .get("rule").asText()).isEqualTo("reply-recipient");
        assertThat(post("/forward", "{\"note\":\"x\"}", 400).get("rule").asText()).isEqualTo("forward-recipient");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        for (String body : List.of("", "[]", "not json", "{\"status\": 5}")) {
            HttpResponse<String> response = server.browser().postJson("/api/tickets/" + PATH_ID + "/status", body,
                    "Authorization", "Bearer " + token);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
    }

    @Test
    void readOnlyUsersCannotChangeAnything() throws IOException {
        server.accounts.addUser("reader", "reader password long enough".toCharArray(), Role.READ_ONLY);
        String readerToken = server.accounts.createApiToken("reader", "tests");
        for (String action : List.of("status", "assignee", "category", "notes", "merge", "reply", "forward")) {
            HttpResponse<String> response = server.browser().postJson("/api/tickets/" + PATH_ID + "/" + action,
                    "{\"status\":\"triaged\",\"assignee\":\"x\",\"category\":\"x\",\"body\":\"x\","
                            + "\"into\":\"CSIRT#2026-000002\",\"to\":\"x@y.example\",\"note\":\"x\"}",
                    "Authorization", "Bearer " + readerToken);
            assertThat(response.statusCode()).as(action).isEqualTo(403);
        }
        Browser reader = server.browser();
        assertThat(reader.signIn("reader", "reader password long enough").statusCode()).isEqualTo(303);
        String page = reader.get("/tickets/" + PATH_ID).body();
        assertThat(page).doesNotContain("action=\"/tickets/" + PATH_ID + "/status\"");
        String csrf = Browser.csrfField(page);
        assertThat(reader.post("/tickets/" + PATH_ID + "/status", Map.of("csrf", csrf, "status", "triaged"))
                .statusCode()).isEqualTo(403);
        JsonNode ticket = ticket();
        assertThat(ticket.get("status").asText()).isEqualTo("new");
        assertThat(ticket.get("events")).isEmpty();
        assertThat(ticket.get("notes")).isEmpty();
    }

    @Test
    void formsOnTheTicketPageWorkWithTheCsrfTokenAndOnlyWithIt() throws IOException {
        Browser browser = server.browser().signedIn();
        String page = browser.get("/tickets/" + PATH_ID).body();
        assertThat(page).contains("action=\"/tickets/" + PATH_ID + "/status\"").contains("action=\"/tickets/"
                + PATH_ID + "/reply\"");
        String csrf = Browser.csrfField(page);
        assertThat(browser.post("/tickets/" + PATH_ID + "/status", Map.of("status", "triaged")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> done = browser.post("/tickets/" + PATH_ID + "/status",
                Map.of("csrf", csrf, "status", "triaged"));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/tickets/" + PATH_ID);
        HttpResponse<String> refused = browser.post("/tickets/" + PATH_ID + "/status",
                Map.of("csrf", csrf, "status", "new"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Status cannot change from triaged to new");
        assertThat(ticket().get("status").asText()).isEqualTo("triaged");
    }

    @Test
    void noteWithMarkupCanNotRunScriptInTicketView() throws IOException {
        post("/notes", "{\"body\":\"<script>alert(1)</script><img src=x onerror=alert(2)>\"}", 201);
        String page = server.browser().signedIn().get("/tickets/" + PATH_ID).body();
        assertThat(page).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    private JsonNode post(String action, String json, int expectedStatus) throws IOException {
        HttpResponse<String> response = server.browser().postJson("/api/tickets/" + PATH_ID + action, json,
                "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(action + " " + json + ": " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private JsonNode ticket() throws IOException {
        return JSON.readTree(server.browser().get("/api/tickets/" + PATH_ID, "Authorization", "Bearer " + token)
                .body());
    }
}
