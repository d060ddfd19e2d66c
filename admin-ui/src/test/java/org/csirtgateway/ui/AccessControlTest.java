package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.javalin.security.RouteRole;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ui.auth.Allow;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threats: an anonymous client (or one with a forged cookie or token) reads tickets, which hold reporters' personal
 * data and incident details; a signed-in user does more than their role allows (a read-only user changes tickets,
 * an analyst manages users). Every route Javalin has registered, and paths nobody registered, must refuse them, and
 * every route must state the lowest role it admits.
 */
class AccessControlTest {

    private static final String TICKET = "CSIRT%232026-000001";
    private static final String READER = "rita";
    private static final String READER_PASSWORD = "read only but long enough";

    @TempDir
    Path directory;
    TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        server.tickets.ticket("CSIRT#2026-000001", "Phishing", "reporter@example.org", "body",
                Instant.parse("2026-03-01T10:00:00Z"), null);
        server.accounts.addUser(READER, READER_PASSWORD.toCharArray(), Role.READ_ONLY);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void everyRouteDeclaresExactlyOneLowestRole() {
        Map<String, Set<RouteRole>> routes = server.server.registeredRoles();
        assertThat(routes).as("routes registered in Javalin").hasSizeGreaterThan(40);
        routes.forEach((route, roles) -> assertThat(roles).as(route).hasSize(1)
                .allSatisfy(role -> assertThat(role).isInstanceOf(Allow.class)));
    }

    @Test
    void onlyTheSignInPageHealthAndStylesheetAreDeclaredPublic() {
        List<String> publicRoutes = server.server.registeredRoles().entrySet().stream()
                .filter(entry -> entry.getValue().contains(Allow.ANYONE)).map(Map.Entry::getKey).toList();
        assertThat(publicRoutes).containsExactlyInAnyOrder("GET /login", "POST /login", "GET /api/health",
                "GET /assets/{file}");
    }

    @Test
    void everyRouteRefusesUnauthenticatedAccess() {
        Map<String, Set<RouteRole>> routes = server.server.registeredRoles();
        assertThat(routes.keySet()).as("routes registered in Javalin")
                .contains("GET /tickets", "GET /tickets/{id}", "GET /api/tickets", "GET /api/tickets/{id}",
                        "POST /logout", "GET /login", "POST /login", "GET /api/health", "GET /assets/{file}",
                        "GET /quarantine", "POST /quarantine/{id}/retry", "GET /api/quarantine",
                        "POST /api/quarantine/{id}/retry", "GET /metrics", "GET /api/metrics", "GET /users",
                        "GET /api/users", "GET /config", "GET /api/config", "GET /audit", "GET /api/audit");

        List<String> probed = new ArrayList<>();
        routes.forEach((endpoint, roles) -> {
            if (roles.contains(Allow.ANYONE)) {
                return;
            }
            assertRefused(method(endpoint), concrete(endpoint));
            probed.add(endpoint);
        });
        assertThat(probed).as("protected routes probed").hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void readOnlyUsersAreRefusedExactlyTheRoutesAboveReadOnly() {
        List<String> refused = crawlAs(READER, READER_PASSWORD, Role.READ_ONLY);
        assertThat(refused).contains("POST /tickets/{id}/status", "POST /api/tickets/{id}/reply",
                "POST /quarantine/{id}/retry", "POST /keys/{fingerprint}/trust", "GET /users", "GET /api/config");
        assertThat(refused).doesNotContain("GET /tickets", "GET /api/tickets/{id}", "GET /keys/team.asc");
    }

    @Test
    void analystsAreRefusedExactlyTheAdminRoutes() {
        List<String> refused = crawlAs(TestServer.USER, TestServer.PASSWORD, Role.ANALYST);
        assertThat(refused).contains("GET /users", "POST /api/users", "POST /users/{id}/role", "GET /config",
                "GET /api/config", "GET /audit", "POST /api/users/{id}/tokens");
        assertThat(refused).doesNotContain("POST /tickets/{id}/status", "POST /api/quarantine/{id}/retry");
    }

    @Test
    void adminsAreRefusedNothing() {
        assertThat(crawlAs(TestServer.ADMIN, TestServer.ADMIN_PASSWORD, Role.ADMIN)).isEmpty();
    }

    @Test
    void aRefusedAdminActionIsRecordedInTheAccountAuditLog() {
        String token = server.accounts.createApiToken(READER, "probe");
        HttpResponse<String> response = server.browser().postJson("/api/users", "{\"name\":\"eve\",\"role\":\"admin\"}",
                "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"error\":\"This needs the admin role; you have the read-only role.\"}");
        assertThat(server.accounts.find("eve")).isEmpty();
        List<String> recorded = server.database.read(c -> Sql.list(c,
                "SELECT actor || ' ' || action || ' ' || subject FROM account_audit", row -> row.getString(1)));
        assertThat(recorded).contains("rita access-refused POST /api/users");
    }

    @Test
    void aRefusedPageSaysWhichRoleItNeeds() {
        Browser reader = server.browser().signedInAs(READER, READER_PASSWORD);
        HttpResponse<String> page = reader.get("/users");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Refused", "This needs the admin role; you have the read-only role.");
    }

    @Test
    void noStateChangingRouteAcceptsASessionWithoutItsCsrfToken() {
        Browser admin = server.browser().signedInAs(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
        String csrf = Browser.csrfField(admin.get("/tickets").body());
        List<String> probed = new ArrayList<>();
        for (String endpoint : server.server.registeredRoles().keySet()) {
            if (method(endpoint).equals("GET") || endpoint.equals("POST /login")) {
                continue;
            }
            String path = concrete(endpoint);
            for (Map<String, String> form : List.of(Map.<String, String>of(), Map.of("csrf", "forged-" + csrf))) {
                HttpResponse<String> response = admin.post(path, form);
                assertThat(response.statusCode()).as(endpoint + " with " + form).isEqualTo(403);
            }
            HttpResponse<String> json = admin.postJson(path, "{}", "X-CSRF-Token", "forged-" + csrf);
            assertThat(json.statusCode()).as(endpoint + " as JSON with a forged header").isEqualTo(403);
            probed.add(endpoint);
        }
        assertThat(probed).as("state-changing routes probed").contains("POST /logout", "POST /tickets/{id}/status",
                "POST /api/tickets/{id}/reply", "POST /users", "POST /language").hasSizeGreaterThan(25);
        assertThat(admin.get("/tickets").statusCode()).as("the session survived: nothing was signed out")
                .isEqualTo(200);
        Optional<String> status = server.database.read(c -> Sql.one(c,
                "SELECT status FROM tickets WHERE id = 'CSIRT#2026-000001'", row -> row.getString(1)));
        assertThat(status).as("nothing changed").contains("new");
    }

    @Test
    void unregisteredPathsAreRefusedBeforeTheyCanBeFound() {
        for (String path : List.of("/admin", "/api", "/api/", "/api/users/x/y/z", "/api/tickets/x/messages", "/tickets/",
                "/.env", "/login/../tickets", "/API/tickets", "/assets", "/assets/../tickets", "/api/health/x")) {
            assertRefused("GET", path);
        }
        assertRefused("DELETE", "/api/tickets/CSIRT%232026-000001");
        assertRefused("PUT", "/tickets");
        assertRefused("HEAD", "/tickets");
    }

    @Test
    void onlyThePublicRoutesAnswerAnonymousClients() {
        Browser anonymous = server.browser();
        assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/api/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/assets/app.css").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/assets/nothing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void anonymousPagesRedirectOnlyToTheFixedLoginPath() {
        HttpResponse<String> response = server.browser().get("/tickets?next=https://evil.example/&return=//evil");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/login");
    }

    /**
     * Calls every route that needs a signed-in user as {@code name} (pages with its session and the form's CSRF
     * token, API routes with its token) and checks each is refused exactly when the route needs more than
     * {@code role}. Sign-out comes last, as it ends the session.
     *
     * @return the routes refused
     */
    private List<String> crawlAs(String name, String password, Role role) {
        Browser browser = server.browser().signedInAs(name, password);
        String csrf = Browser.csrfField(browser.get("/tickets").body());
        String token = server.accounts.createApiToken(name, "crawl");
        List<String> refused = new ArrayList<>();
        List<Map.Entry<String, Set<RouteRole>>> routes = new ArrayList<>(server.server.registeredRoles().entrySet());
        routes.sort(Comparator.comparing(entry -> entry.getKey().equals("POST /logout")));
        for (Map.Entry<String, Set<RouteRole>> route : routes) {
            Allow allow = (Allow) route.getValue().iterator().next();
            if (allow == Allow.ANYONE) {
                continue;
            }
            String endpoint = route.getKey();
            String method = method(endpoint);
            String path = concrete(endpoint);
            boolean api = path.startsWith("/api/");
            HttpResponse<String> response;
            if (api) {
                response = method.equals("GET") ? browser.get(path, "Authorization", "Bearer " + token)
                        : browser.postJson(path, "{}", "Authorization", "Bearer " + token);
            } else {
                response = method.equals("GET") ? browser.get(path) : browser.post(path, Map.of("csrf", csrf));
            }
            String what = role.dbName() + ": " + endpoint + " -> " + response.statusCode() + " " + response.body();
            boolean admitted = role.includes(allow.lowest().orElseThrow());
            if (admitted) {
                assertThat(response.statusCode()).as(what).isNotIn(401, 403);
                if (response.statusCode() == 302) {
                    assertThat(response.headers().firstValue("Location")).as("sent to sign in: " + what)
                            .isNotEqualTo(Optional.of("/login"));
                }
            } else {
                assertThat(response.statusCode()).as(what).isEqualTo(403);
                assertThat(response.body()).as(what).contains("This needs the " + allow.lowest().orElseThrow().dbName()
                        + " role; you have the " + role.dbName() + " role.");
                refused.add(endpoint);
            }
        }
        return refused;
    }

    private static String method(String endpoint) {
        return endpoint.substring(0, endpoint.indexOf(' '));
    }

    private static String concrete(String endpoint) {
        return endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", TICKET)
                .replaceAll("<[^>]+>", "x");
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
