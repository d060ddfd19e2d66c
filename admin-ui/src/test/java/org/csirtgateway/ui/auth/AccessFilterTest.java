package org.csirtgateway.ui.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.javalin.Javalin;
import org.csirtgateway.store.Database;
import org.csirtgateway.ui.web.ErrorHandlers;
import org.csirtgateway.ui.web.Pages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat: a route added without thinking about who may use it. Deny by default means such a route is refused to
 * everyone, admins included, instead of being open to every signed-in user.
 */
class AccessFilterTest {

    @TempDir
    Path directory;
    Javalin app;
    String adminToken;

    @BeforeEach
    void start() {
        Database database = Database.open(directory.resolve("gateway.db"));
        UserAccounts accounts = new UserAccounts(database, Clock.systemUTC());
        accounts.addUser("root", "a long admin password".toCharArray(), Role.ADMIN);
        adminToken = accounts.createApiToken("root", "test");
        AccessRules rules = new AccessRules(Map.of("GET /api/forgotten", Allow.ADMIN, "GET /api/declared", Allow.ADMIN,
                "GET /api/twice", Allow.ADMIN));
        AccessFilter filter = new AccessFilter(accounts, new Sessions(database, Clock.systemUTC()), rules,
                new AccountAudit(database, Clock.systemUTC()), new ErrorHandlers(new Pages("Test CSIRT")));
        app = Javalin.create(config -> {
            config.routes.before(filter);
            config.routes.beforeMatched(filter::authorize);
            config.routes.get("/api/forgotten", ctx -> ctx.result("secret data"));
            config.routes.get("/api/declared", ctx -> ctx.result("data for admins"), Allow.ADMIN);
            config.routes.get("/api/twice", ctx -> ctx.result("ambiguous"), Allow.ADMIN, Allow.ANYONE);
        }).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aRouteRegisteredWithoutARoleIsRefusedEvenToAnAdmin() throws Exception {
        HttpResponse<String> response = get("/api/forgotten");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("secret data");
    }

    @Test
    void aRouteDeclaringMoreThanOneRoleIsRefused() throws Exception {
        HttpResponse<String> response = get("/api/twice");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("ambiguous");
    }

    @Test
    void aRouteDeclaringItsRoleAdmitsThatRole() throws Exception {
        HttpResponse<String> response = get("/api/declared");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data for admins");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
