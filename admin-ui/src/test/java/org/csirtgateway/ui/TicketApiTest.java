package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TicketApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    TestServer server;
    String token;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket("CSIRT#2026-000001", "Phishing site imitating our bank", "alice@reporter.example",
                "The page at hxxp://bank-login.example asks for card numbers.", Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T10:00:05Z"));
        server.tickets.ticket("CSIRT#2026-000002", "不正アクセスの報告", "tanaka@example.jp",
                "サーバーへの不正アクセスを確認しました。", Instant.parse("2026-03-02T09:00:00Z"), null);
        token = server.accounts.createApiToken(TestServer.USER, "tests");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void apiTokenWorksAsBearer() throws IOException {
        HttpResponse<String> response = server.browser().get("/api/tickets", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("total").asLong()).isEqualTo(2);
    }

    @Test
    void sessionCookieAlsoOpensTheApi() {
        Browser browser = server.browser().signedIn();
        assertThat(browser.get("/api/tickets").statusCode()).isEqualTo(200);
    }

    @Test
    void apiListsAndFindsTickets() throws IOException {
        JsonNode list = api("/api/tickets?limit=1&offset=0");
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("limit").asInt()).isEqualTo(1);
        assertThat(list.get("offset").asInt()).isZero();
        JsonNode newest = list.get("tickets").get(0);
        assertThat(newest.get("id").asText()).isEqualTo("CSIRT#2026-000002");
        assertThat(newest.get("receivedAt").asText()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(newest.get("acknowledgedAt").isNull()).isTrue();
        assertThat(newest.get("messageCount").asInt()).isEqualTo(1);
        assertThat(newest.has("snippet")).isTrue();

        JsonNode found = api("/api/tickets?q=bank");
        assertThat(found.get("total").asLong()).isEqualTo(1);
        JsonNode hit = found.get("tickets").get(0);
        assertThat(hit.get("id").asText()).isEqualTo("CSIRT#2026-000001");
        assertThat(hit.get("acknowledgedAt").asText()).isEqualTo("2026-03-01T10:00:05Z");
        assertThat(hit.get("snippet").asText()).isNotEmpty();

        JsonNode japanese = api("/api/tickets?q=" + java.net.URLEncoder.encode("不正アクセス", "UTF-8"));
        assertThat(japanese.get("tickets").get(0).get("subject").asText()).isEqualTo("不正アクセスの報告");
    }

    @Test
    void ticketIdWithHashWorksInPath() throws IOException {
        JsonNode ticket = api("/api/tickets/CSIRT%232026-000001");
        assertThat(ticket.get("id").asText()).isEqualTo("CSIRT#2026-000001");
        assertThat(ticket.get("subject").asText()).isEqualTo("Phishing site imitating our bank");
        assertThat(ticket.get("reporter").asText()).isEqualTo("alice@reporter.example");
        assertThat(ticket.get("channel").asText()).isEqualTo("csirt");
        assertThat(ticket.get("status").asText()).isEqualTo("new");
        assertThat(ticket.get("receivedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        JsonNode ack = ticket.get("acknowledgement");
        assertThat(ack.get("decision").asText()).isEqualTo("queued");
        assertThat(ack.get("reason").asText()).isEqualTo("reporter is a person");
        assertThat(ack.get("delivery").asText()).isEqualTo("sent");
        assertThat(ack.get("recipient").asText()).isEqualTo("alice@reporter.example");
        assertThat(ack.get("sentAt").asText()).isEqualTo("2026-03-01T10:00:05Z");
        assertThat(ack.has("lastError")).isTrue();
        JsonNode message = ticket.get("messages").get(0);
        assertThat(message.get("role").asText()).isEqualTo("report");
        assertThat(message.get("from").asText()).isEqualTo("alice@reporter.example");
        assertThat(message.get("body").asText()).contains("card numbers");
        assertThat(message.get("parseWarnings").get(0).asText()).contains("charset missing");
        assertThat(message.get("archiveSha256").asText()).hasSize(64);
        for (String field : new String[] {"id", "messageId", "fromName", "subject", "sentAt", "receivedAt"}) {
            assertThat(message.has(field)).as(field).isTrue();
        }
    }

    @Test
    void badQueryIsA400WithAReadableMessage() throws IOException {
        HttpResponse<String> response = server.browser().get("/api/tickets?q=%22unclosed", "Authorization",
                "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(400);
        String error = JSON.readTree(response.body()).get("error").asText();
        assertThat(error).startsWith("Cannot parse query: ").doesNotContain("\n", "Exception", "at org.");
    }

    @Test
    void invalidPagingNumbersAreA400NamingTheParameter() throws IOException {
        for (String[] bad : new String[][] {{"limit", "abc"}, {"limit", "0"}, {"limit", "201"}, {"offset", "-1"}}) {
            HttpResponse<String> response = server.browser().get("/api/tickets?" + bad[0] + "=" + bad[1],
                    "Authorization", "Bearer " + token);
            assertThat(response.statusCode()).as(bad[0] + "=" + bad[1]).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains(bad[0]);
        }
        assertThat(api("/api/tickets").get("limit").asInt()).isEqualTo(50);
        assertThat(api("/api/tickets?limit=200").get("limit").asInt()).isEqualTo(200);
    }

    @Test
    void unknownTicketIs404Json() throws IOException {
        HttpResponse<String> response = server.browser().get("/api/tickets/CSIRT%232026-999999",
                "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("CSIRT#2026-999999");

        HttpResponse<String> noRoute = server.browser().get("/api/nothing", "Authorization", "Bearer " + token);
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(noRoute.body()).get("error").asText()).isEqualTo("not found");
    }

    @Test
    void healthIsPublicJson() throws IOException {
        HttpResponse<String> response = server.browser().get("/api/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("channels").get(0).get("name").asText()).isEqualTo("csirt");
    }

    @Test
    void unexpectedFailureIsA500JsonWithoutDetails() throws IOException {
        server.healthFailure = new IllegalStateException("secret detail from deep inside");
        HttpResponse<String> response = server.browser().get("/api/health");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("internal error");
        assertThat(response.body()).doesNotContain("secret detail", "IllegalStateException", "at org.");
    }

    private JsonNode api(String path) throws IOException {
        HttpResponse<String> response = server.browser().get(path, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
