package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat: an anonymous client (or one with a forged cookie or token) reads tickets, which hold reporters' personal
 * data and incident details. Every route Javalin has registered, and paths nobody registered, must refuse it.
 */
class AccessControlTest {

    @TempDir
    Path directory;
    TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket("CSIRT#2026-000001", "Phishing", "reporter@example.org", "body",
                Instant.parse("2026-03-01T10:00:00Z"), null);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void everyRouteRefusesUnauthenticatedAccess() {
        List<String> endpoints = server.server.registeredEndpoints();
        assertThat(endpoints).as("routes registered in Javalin")
                .contains("GET /tickets", "GET /tickets/{id}", "GET /api/tickets", "GET /api/tickets/{id}",
                        "POST /logout", "GET /login", "POST /login", "GET /api/health", "GET /assets/{file}",
                        "GET /quarantine", "POST /quarantine/{id}/retry", "GET /api/quarantine",
                        "POST /api/quarantine/{id}/retry", "GET /metrics", "GET /api/metrics");

        List<String> probed = new ArrayList<>();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (Routes.PUBLIC.contains(endpoint) || (method.equals("GET") && path.startsWith(Routes.PUBLIC_PREFIX))) {
                continue;
            }
            String concrete = path.replaceAll("\\{[^}]+}", "CSIRT%232026-000001").replaceAll("<[^>]+>", "x");
            assertRefused(method, concrete);
            probed.add(endpoint);
        }
        assertThat(probed).as("protected routes probed").hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void unregisteredPathsAreRefusedBeforeTheyCanBeFound() {
        for (String path : List.of("/admin", "/api", "/api/", "/api/users", "/api/tickets/x/messages", "/tickets/",
                "/.env", "/login/../tickets", "/API/tickets", "/assets", "/api/health/x")) {
            assertRefused("GET", path);
        }
        assertRefused("DELETE", "/api/tickets/CSIRT%232026-000001");
        assertRefused("PUT", "/tickets");
        assertRefused("HEAD", "/tickets");
    }

    @Test
    void onlyTheAllowlistIsPublic() {
        Browser anonymous = server.browser();
        assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/api/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/assets/app.css").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/assets/nothing.js").statusCode()).isEqualTo(404);
        assertThat(Routes.PUBLIC).containsExactlyInAnyOrder("GET /login", "POST /login", "GET /api/health");
    }

    @Test
    void anonymousPagesRedirectOnlyToTheFixedLoginPath() {
        HttpResponse<String> response = server.browser().get("/tickets?next=https://evil.example/&return=//evil");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/login");
    }

    private void assertRefused(String method, String path) {
        boolean api = path.startsWith("/api");
        List<String[]> credentials = List.of(
                new String[0],
                new String[] {"Authorization", "Bearer cgw_bogusbogusbogusbogusbogusbogusbogusbogus123"},
                new String[] {"Authorization", "Basic YWxpY2U6c2VjcmV0"},
                new String[] {"Cookie", "cgw_session=bogus-session-id-that-was-never-issued-by-us-12"});
        for (String[] headers : credentials) {
            HttpResponse<String> response = server.browser().send(method, path, headers);
            String what = method + " " + path + " with " + String.join(": ", headers);
            if (api) {
                assertThat(response.statusCode()).as(what).isEqualTo(401);
                if (!method.equals("HEAD")) {
                    assertThat(response.body()).as(what).isEqualTo("{\"error\":\"authentication required\"}");
                }
            } else {
                assertThat(response.statusCode()).as(what).isEqualTo(302);
                assertThat(response.headers().firstValue("Location")).as(what).hasValue("/login");
            }
            assertThat(response.body()).as(what).doesNotContain("Phishing", "reporter@example.org");
        }
    }
}
