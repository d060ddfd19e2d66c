package org.csirtgateway.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way an API client can get a request wrong is answered in JSON, {@code {"error": "..."}}, with a status that
 * says what kind of mistake it was and a message that says what to do, never with an HTML page, a stack trace or a
 * 500: an unknown ticket or message, a body that is not the JSON object expected, a field of the wrong type, a filter
 * value that does not exist, a path that does not exist, the wrong method, a body that is too big, a URL that can not
 * even be decoded.
 */
class ApiErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TICKET = "CSIRT%232026-000001";

    @TempDir
    Path directory;
    TestServer server;
    String[] bearer;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket("CSIRT#2026-000001", "Phishing", "reporter@example.org", "body",
                Instant.parse("2026-03-01T10:00:00Z"), null);
        bearer = new String[] {"Authorization", "Bearer " + server.accounts.createApiToken(TestServer.USER, "test")};
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void everyApiRouteAnswersBadInputWithAJsonErrorNeverA500() throws IOException {
        List<String> probed = new ArrayList<>();
        for (String endpoint : server.server.registeredEndpoints()) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (!path.startsWith("/api/") || !path.contains("{")) {
                continue;
            }
            String unknownIds = path.replaceAll("\\{[^}]+}", "no-such-id");
            String realIds = path.replaceAll("\\{id}", TICKET).replaceAll("\\{[^}]+}", "1");
            List<HttpResponse<String>> answers = new ArrayList<>();
            if (method.equals("GET")) {
                answers.add(server.browser().get(unknownIds, bearer));
            } else {
                for (String body : List.of("not json", "[1, 2]", "\"text\"", "{\"status\": 5, \"body\": 5, \"into\": 5,"
                        + " \"duplicateOf\": 5, \"partner\": 5, \"to\": 5, \"assignee\": 5, \"category\": 5}")) {
                    answers.add(server.browser().postJson(realIds, body, bearer));
                    answers.add(server.browser().postJson(unknownIds, body, bearer));
                }
            }
            for (HttpResponse<String> answer : answers) {
                String what = endpoint + " as " + answer.request().uri().getRawPath();
                assertThat(answer.statusCode()).as(what).isBetween(400, 499);
                assertJsonError(answer, what);
            }
            probed.add(endpoint);
        }
        assertThat(probed).as("API routes with path parameters probed").contains("GET /api/tickets/{id}",
                "POST /api/tickets/{id}/status", "POST /api/tickets/{id}/duplicate-of",
                "POST /api/tickets/{id}/coordinate", "POST /api/quarantine/{id}/retry");
    }

    @Test
    void unknownIdsAre404NamingWhatWasNotFound() throws IOException {
        assertThat(error(server.browser().get("/api/tickets/CSIRT%232026-999999", bearer), 404))
                .isEqualTo("No ticket CSIRT#2026-999999");
        assertThat(error(server.browser().get("/api/tickets/CSIRT%232026-999999/similar", bearer), 404))
                .isEqualTo("No ticket CSIRT#2026-999999");
        assertThat(error(server.browser().postJson("/api/tickets/CSIRT%232026-999999/status",
                "{\"status\": \"triaged\"}", bearer), 404)).isEqualTo("No ticket CSIRT#2026-999999");
        assertThat(error(server.browser().postJson("/api/quarantine/77/retry", "", bearer), 404))
                .isEqualTo("No quarantined message 77");
        assertThat(error(server.browser().postJson("/api/quarantine/seventy/retry", "", bearer), 404))
                .isEqualTo("No quarantined message seventy");
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonObjectIs400SayingWhatToSend() throws IOException {
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/status", "status=triaged", bearer), 400))
                .isEqualTo("The request body must be a JSON object such as {\"status\": \"triaged\"}");
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/notes", "[\"a note\"]", bearer), 400))
                .isEqualTo("The request body must be a JSON object such as {\"body\": \"Called the hoster.\"}");
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/duplicate-of", "[1]", bearer), 400))
                .isEqualTo("The request body must be a JSON object such as {\"duplicateOf\": \"<ticket id>\"}");
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/coordinate", "partner", bearer), 400))
                .isEqualTo("The request body must be a JSON object such as {\"partner\": \"name\"}");
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/status", "{\"status\": 5}", bearer),
                400)).isEqualTo("'status' must be a string");
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/duplicate-of",
                "{\"duplicateOf\": [\"CSIRT#2026-000002\"]}", bearer), 400)).isEqualTo("'duplicateOf' must be a string");
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/coordinate", "{\"partner\": {}}",
                bearer), 400)).isEqualTo("'partner' must be a string");
    }

    @Test
    void aRefusedChangeIs400NamingTheRuleItBreaks() throws IOException {
        HttpResponse<String> response = server.browser().postJson("/api/tickets/" + TICKET + "/status",
                "{\"status\": \"resolved\"}", bearer);
        assertThat(error(response, 400)).contains("from new to resolved");
        assertThat(JSON.readTree(response.body()).get("rule").asText()).isEqualTo("status-transition");
    }

    @Test
    void anUnknownFilterValueIs400ListingTheKnownOnes() throws IOException {
        assertThat(error(server.browser().get("/api/tickets?status=closed", bearer), 400))
                .isEqualTo("Invalid status: 'closed' is not one of open, new, triaged, incident, not-incident, duplicate, "
                        + "resolved");
        assertThat(error(server.browser().get("/api/tickets?indicator=phone", bearer), 400)).startsWith(
                "Invalid indicator: ");
        assertThat(error(server.browser().get("/api/tickets?from=yesterday", bearer), 400))
                .isEqualTo("Invalid from: 'yesterday' is not a date like 2026-03-01");
        assertThat(error(server.browser().get("/api/tickets?sort=random", bearer), 400)).startsWith("Invalid sort: ");
        assertThat(error(server.browser().get("/api/tickets?limit=all", bearer), 400))
                .isEqualTo("Invalid limit: expected a whole number from 1 to 200");
        assertThat(error(server.browser().get("/api/quarantine?offset=-1", bearer), 400))
                .isEqualTo("Invalid offset: expected a whole number from 0 to 100000");
    }

    @Test
    void anUnknownPathUnderApiIs404Json() throws IOException {
        for (String path : List.of("/api", "/api/", "/api/ticket", "/api/tickets/" + TICKET + "/messages")) {
            assertThat(error(server.browser().get(path, bearer), 404)).as(path).isEqualTo("not found");
        }
    }

    @Test
    void theWrongMethodOnAKnownPathIs405NamingTheAllowedOnes() throws IOException {
        HttpResponse<String> delete = server.browser().send("DELETE", "/api/tickets/" + TICKET, bearer);
        assertThat(error(delete, 405)).isEqualTo("DELETE is not allowed here; allowed: GET");
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> get = server.browser().get("/api/tickets/" + TICKET + "/status", bearer);
        assertThat(error(get, 405)).isEqualTo("GET is not allowed here; allowed: POST");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        assertThat(error(server.browser().postJson("/api/tickets", "{}", bearer), 405))
                .isEqualTo("POST is not allowed here; allowed: GET");
    }

    @Test
    void aBodyOverTheLimitIs413NamingTheLimit() throws IOException {
        String huge = "{\"body\": \"" + "a".repeat(70 * 1024) + "\"}";
        assertThat(error(server.browser().postJson("/api/tickets/" + TICKET + "/notes", huge, bearer), 413))
                .isEqualTo("the request body is larger than the 65536 bytes this server accepts");
    }

    @Test
    void aBrowserPostWithoutTheCsrfHeaderIs403Json() throws IOException {
        Browser browser = server.browser().signedIn();
        HttpResponse<String> response = browser.postJson("/api/tickets/" + TICKET + "/status",
                "{\"status\": \"triaged\"}");
        assertThat(error(response, 403)).startsWith("The form expired or did not come from this site");
    }

    @Test
    void aUrlThatCanNotBeDecodedIs400JsonNotJettysHtmlPage() throws IOException {
        URI base = URI.create(server.server.url());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/tickets/%ZZ HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json")
                    .containsIgnoringCase("X-Content-Type-Options: nosniff");
            assertThat(JSON.readTree(body).get("error").asText())
                    .isEqualTo("the request could not be read: check the URL's percent-encoding and the headers");
            assertThat(body).doesNotContain("<html", "%ZZ", "badMessage");
        }
    }

    /** Asserts a JSON error answer with the status and returns its message. */
    private static String error(HttpResponse<String> response, int status) throws IOException {
        String what = response.request().method() + " " + response.request().uri();
        assertThat(response.statusCode()).as(what + " -> " + response.body()).isEqualTo(status);
        return assertJsonError(response, what);
    }

    private static String assertJsonError(HttpResponse<String> response, String what) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").isTextual()).as(what + ": " + response.body()).isTrue();
        String message = body.get("error").asText();
        assertThat(message).as(what).isNotBlank().doesNotContain("Exception", "\tat ", "internal error");
        return message;
    }
}
