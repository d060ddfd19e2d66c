package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threats: password guessing, telling which user names exist, cross-site form posts (login CSRF, forced sign-out),
 * and sessions that outlive sign-out.
 */
class LoginTest {

    @TempDir
    Path directory;
    TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void correctPasswordSignsInWithAStrictHttpOnlySessionCookie() {
        Browser browser = server.browser();
        HttpResponse<String> response = browser.signIn(TestServer.USER, TestServer.PASSWORD);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/tickets");
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("cgw_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");

        HttpResponse<String> tickets = browser.get("/tickets");
        assertThat(tickets.statusCode()).isEqualTo(200);
        assertThat(tickets.body()).contains("alice", "Example CSIRT", "Sign out");
    }

    @Test
    void cookiesAreMarkedSecureWhenTheServerIsConfiguredForHttps(@TempDir Path otherDirectory) throws IOException {
        try (TestServer secure = new TestServer(otherDirectory, true)) {
            HttpResponse<String> form = secure.browser().get("/login");
            assertThat(form.headers().allValues("Set-Cookie")).allSatisfy(cookie ->
                    assertThat(cookie).contains("; Secure", "HttpOnly", "SameSite=Strict"));
        }
    }

    @Test
    void wrongPasswordAndUnknownUserFailWithTheSameGenericMessage() {
        HttpResponse<String> wrongPassword = server.browser().signIn(TestServer.USER, "not the password at all");
        HttpResponse<String> unknownUser = server.browser().signIn("mallory", "not the password at all");

        for (HttpResponse<String> response : List.of(wrongPassword, unknownUser)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("cgw_session="));
            assertThat(response.body()).contains("Sign-in failed: unknown user name or wrong password.");
        }
    }

    @Test
    void loginPostWithoutCsrfTokenIsRefused() {
        Browser browser = server.browser();
        browser.get("/login");
        HttpResponse<String> response = browser.post("/login",
                Map.of("name", TestServer.USER, "password", TestServer.PASSWORD));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(browser.cookies).doesNotContainKey("cgw_session");
    }

    @Test
    void loginPostWithAFormTokenButNoMatchingCookieIsRefused() {
        String csrf = Browser.csrfField(server.browser().get("/login").body());
        Browser attacker = server.browser();
        HttpResponse<String> response = attacker.post("/login",
                Map.of("name", TestServer.USER, "password", TestServer.PASSWORD, "csrf", csrf));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void logoutWithoutCsrfTokenIsRefusedAndKeepsTheSession() {
        Browser browser = server.browser().signedIn();

        HttpResponse<String> response = browser.post("/logout", Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(browser.get("/tickets").statusCode()).isEqualTo(200);
    }

    @Test
    void logoutInvalidatesTheSession() {
        Browser browser = server.browser().signedIn();
        String sessionId = browser.cookies.get("cgw_session");
        String csrf = Browser.csrfField(browser.get("/tickets").body());

        HttpResponse<String> response = browser.post("/logout", Map.of("csrf", csrf));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/login");
        assertThat(browser.cookies).doesNotContainKey("cgw_session");
        HttpResponse<String> replay = server.browser().get("/tickets", "Cookie", "cgw_session=" + sessionId);
        assertThat(replay.statusCode()).isEqualTo(302);
        HttpResponse<String> replayApi = server.browser().get("/api/tickets", "Cookie", "cgw_session=" + sessionId);
        assertThat(replayApi.statusCode()).isEqualTo(401);
    }

    @Test
    void fiveFailedSignInsLockTheNameOutEvenWithTheRightPassword() {
        for (int i = 0; i < 5; i++) {
            assertThat(server.browser().signIn(TestServer.USER, "wrong password " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = server.browser().signIn(TestServer.USER, TestServer.PASSWORD);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins");
        assertThat(locked.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("cgw_session="));
    }

    @Test
    void signedInUserVisitingLoginGoesToTheTickets() {
        Browser browser = server.browser().signedIn();
        HttpResponse<String> response = browser.get("/login");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/tickets");
    }
}
