package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users page and API, for admins. Threats: a user name written to attack the admins who read it (markup in
 * names), a one-time password or token that lingers in a redirect URL, a disabled account that keeps working, and
 * the team locking itself out.
 */
class UsersPageTest {

    private static final Pattern ONE_TIME = Pattern.compile("<code class=\"secret\">([^<]+)</code>");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    TestServer server;
    Browser admin;
    String adminToken;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        admin = server.browser().signedInAsAdmin();
        adminToken = server.accounts.createApiToken(TestServer.ADMIN, "tests");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void theUsersPageListsEveryUserWithRoleStateAndLastSignIn() {
        HttpResponse<String> page = admin.get("/users");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(">alice</a>", ">ada</a>", "analyst", "admin", "active", "Add user",
                "href=\"/audit\"");
        assertThat(page.body()).contains("never"); // alice has not signed in
        assertThat(admin.get("/tickets").body()).contains("href=\"/users\"", "href=\"/config\"");
    }

    @Test
    void addingAUserWithoutAPasswordShowsTheGeneratedOneOnceAndNeverInAUrl() {
        String csrf = Browser.csrfField(admin.get("/users").body());

        HttpResponse<String> added = admin.post("/users", Map.of("csrf", csrf, "name", "bob", "role", "read-only",
                "password", ""));

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.headers().firstValue("Location")).isEmpty();
        assertThat(added.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher secret = ONE_TIME.matcher(added.body());
        assertThat(secret.find()).isTrue();
        String password = secret.group(1);
        assertThat(added.body()).contains("User bob was added.", "shown only now");
        assertThat(server.browser().signIn("bob", password).statusCode()).isEqualTo(303);
        long id = server.accounts.find("bob").orElseThrow().id();
        assertThat(admin.get("/users/" + id).body()).doesNotContain(password).contains("read-only");
    }

    @Test
    void aTooShortPasswordIsRefusedWithTheRuleAndTheFormKeepsTheName() {
        String csrf = Browser.csrfField(admin.get("/users").body());

        HttpResponse<String> refused = admin.post("/users", Map.of("csrf", csrf, "name", "bob", "role", "read-only",
                "password", "short-pw"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Password for user 'bob' is too short: it needs at least 12 "
                + "characters").contains("value=\"bob\"", "<option value=\"read-only\" selected>")
                .doesNotContain("short-pw");
        assertThat(server.accounts.find("bob")).isEmpty();
    }

    @Test
    void markupInAUserNameIsShownAsText() {
        server.accounts.addUser("<img/src=x/onerror=alert(1)>", "a long enough password".toCharArray(), Role.ANALYST);

        String users = admin.get("/users").body();
        long id = server.accounts.find("<img/src=x/onerror=alert(1)>").orElseThrow().id();
        String user = admin.get("/users/" + id).body();

        for (String page : new String[] {users, user}) {
            assertThat(page).doesNotContain("<img/src=x").contains("&lt;img/src=x/onerror=alert(1)&gt;");
        }
    }

    @Test
    void disablingAUserEndsTheirSessionAndStopsTheirTokenAtOnce() {
        Browser alice = server.browser().signedIn();
        String aliceToken = server.accounts.createApiToken(TestServer.USER, "script");
        long id = server.accounts.find(TestServer.USER).orElseThrow().id();
        String csrf = Browser.csrfField(admin.get("/users/" + id).body());

        HttpResponse<String> disabled = admin.post("/users/" + id + "/disable", Map.of("csrf", csrf));

        assertThat(disabled.statusCode()).isEqualTo(303);
        assertThat(disabled.headers().firstValue("Location")).hasValue("/users/" + id + "?done=disabled");
        assertThat(admin.get("/users/" + id + "?done=disabled").body()).contains("The account is disabled",
                "Enable account");
        assertThat(alice.get("/tickets").statusCode()).isEqualTo(302);
        assertThat(server.browser().get("/api/tickets", "Authorization", "Bearer " + aliceToken).statusCode())
                .isEqualTo(401);
        assertThat(server.browser().signIn(TestServer.USER, TestServer.PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void theLastAdminIsToldClearlyWhyTheyCannotDemoteThemselves() {
        long id = server.accounts.find(TestServer.ADMIN).orElseThrow().id();
        String csrf = Browser.csrfField(admin.get("/users/" + id).body());

        HttpResponse<String> refused = admin.post("/users/" + id + "/role", Map.of("csrf", csrf, "role", "analyst"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("You cannot remove your own admin role; another admin must do it.");
        HttpResponse<String> api = server.browser().postJson("/api/users/" + id + "/disable", "",
                "Authorization", "Bearer " + adminToken);
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("\"rule\":\"own-account\"");
        assertThat(admin.get("/users").statusCode()).isEqualTo(200);
    }

    @Test
    void aRoleChangeTakesEffectOnTheUsersNextRequest() {
        Browser alice = server.browser().signedIn();
        long id = server.accounts.find(TestServer.USER).orElseThrow().id();
        String ticketsCsrf = Browser.csrfField(alice.get("/tickets").body());
        assertThat(alice.post("/quarantine/1/retry", Map.of("csrf", ticketsCsrf)).statusCode()).isEqualTo(404);

        HttpResponse<String> changed = server.browser().postJson("/api/users/" + id + "/role",
                "{\"role\":\"read-only\"}", "Authorization", "Bearer " + adminToken);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"role\":\"read-only\"");
        assertThat(alice.post("/quarantine/1/retry", Map.of("csrf", ticketsCsrf)).statusCode()).isEqualTo(403);
    }

    @Test
    void tokensAreCreatedShownOnceListedWithoutTheirValueAndRevoked() throws IOException {
        long id = server.accounts.find(TestServer.USER).orElseThrow().id();
        String csrf = Browser.csrfField(admin.get("/users/" + id).body());

        HttpResponse<String> created = admin.post("/users/" + id + "/tokens", Map.of("csrf", csrf,
                "label", "prometheus <scraper>"));

        assertThat(created.statusCode()).isEqualTo(201);
        Matcher secret = ONE_TIME.matcher(created.body());
        assertThat(secret.find()).isTrue();
        String token = secret.group(1);
        assertThat(token).startsWith("cgw_");
        assertThat(created.body()).contains("prometheus &lt;scraper&gt;");
        // The answer belongs to the user page: its nav entry is current and the language switch returns there.
        assertThat(created.body()).contains("<a href=\"/users\" aria-current=\"page\">",
                "name=\"return\" value=\"/users/" + id + "\"");
        assertThat(server.browser().get("/api/tickets", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(200);

        JsonNode listed = JSON.readTree(server.browser().get("/api/users/" + id, "Authorization",
                "Bearer " + adminToken).body());
        assertThat(listed.toString()).doesNotContain(token);
        long tokenId = listed.get("tokens").get(0).get("id").asLong();
        assertThat(listed.get("tokens").get(0).get("label").asText()).isEqualTo("prometheus <scraper>");
        assertThat(admin.get("/users/" + id).body()).doesNotContain(token);

        HttpResponse<String> revoked = admin.post("/users/" + id + "/tokens/" + tokenId + "/revoke",
                Map.of("csrf", csrf));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(server.browser().get("/api/tickets", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theApiAddsAUserAndReturnsTheGeneratedPasswordOnce() throws IOException {
        HttpResponse<String> created = server.browser().postJson("/api/users",
                "{\"name\":\"bot\",\"role\":\"read-only\"}", "Authorization", "Bearer " + adminToken);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.get("user").get("name").asText()).isEqualTo("bot");
        assertThat(body.get("user").get("role").asText()).isEqualTo("read-only");
        assertThat(body.get("user").get("disabled").asBoolean()).isFalse();
        String password = body.get("password").asText();
        assertThat(server.accounts.authenticate("bot", password.toCharArray())).isPresent();

        JsonNode listed = JSON.readTree(server.browser().get("/api/users", "Authorization", "Bearer " + adminToken)
                .body());
        assertThat(listed.get("users").findValuesAsText("name")).contains("ada", "alice", "bot");
        assertThat(listed.toString()).doesNotContain(password);

        HttpResponse<String> duplicate = server.browser().postJson("/api/users",
                "{\"name\":\"bot\",\"role\":\"analyst\",\"password\":\"another long password\"}",
                "Authorization", "Bearer " + adminToken);
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).isEqualTo("{\"error\":\"User 'bot' already exists\",\"rule\":\"name-taken\"}");
        HttpResponse<String> badRole = server.browser().postJson("/api/users", "{\"name\":\"x\",\"role\":\"root\"}",
                "Authorization", "Bearer " + adminToken);
        assertThat(badRole.body()).isEqualTo("{\"error\":\"Unknown role 'root'; use admin, analyst or read-only\","
                + "\"rule\":\"role-unknown\"}");
        assertThat(server.browser().get("/api/users/999", "Authorization", "Bearer " + adminToken).statusCode())
                .isEqualTo(404);
    }

    @Test
    void analystsSeeNoLinkToUsersOrConfiguration() {
        String page = server.browser().signedIn().get("/tickets").body();
        assertThat(page).doesNotContain("href=\"/users\"", "href=\"/config\"");
    }
}
