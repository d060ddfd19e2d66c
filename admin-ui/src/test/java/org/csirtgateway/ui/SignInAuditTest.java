package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log of sign-ins, shown to admins. Threats: a password typed at the sign-in form ending up in the log
 * (only the name that was tried is recorded), and attempts that leave no trace.
 */
class SignInAuditTest {

    private static final String WRONG_PASSWORD = "Wrong-Pa55word-Quokka-991";

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
    void signInsFailuresAndSignOutsAreRecordedWithTheTriedNameButNeverThePassword() throws IOException {
        assertThat(server.browser().signIn(TestServer.USER, WRONG_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(server.browser().signIn("mallory<b>", WRONG_PASSWORD).statusCode()).isEqualTo(401);
        Browser alice = server.browser().signedIn();
        alice.post("/logout", Map.of("csrf", Browser.csrfField(alice.get("/tickets").body())));
        Browser admin = server.browser().signedInAsAdmin();

        String page = admin.get("/audit").body();
        assertThat(page).contains("sign-in-failed", "wrong password", "unknown user", "mallory&lt;b&gt;",
                "sign-out", "sign-in", "127.0.0.1");
        String token = server.accounts.createApiToken(TestServer.ADMIN, "audit");
        JsonNode events = new ObjectMapper().readTree(server.browser().get("/api/audit", "Authorization",
                "Bearer " + token).body()).get("events");
        assertThat(events.findValuesAsText("action")).containsSubsequence("sign-in", "sign-out", "sign-in",
                "sign-in-failed", "sign-in-failed");
        assertThat(events.get(4).get("actor").asText()).isEqualTo(TestServer.USER);
        assertThat(events.get(3).get("actor").asText()).isEqualTo("mallory<b>");
        assertThat(page).doesNotContain(WRONG_PASSWORD);
        assertThat(events.toString()).doesNotContain(WRONG_PASSWORD);
        assertThat(databaseFilesContain(WRONG_PASSWORD)).isFalse();
        assertThat(databaseFilesContain(TestServer.PASSWORD)).isFalse();
    }

    @Test
    void aSuccessfulSignInBecomesTheUsersLastSignIn() {
        server.browser().signedIn();
        String users = server.browser().signedInAsAdmin().get("/users").body();
        assertThat(users).doesNotContain("never");
    }

    @Test
    void aLockedOutNameIsRecordedAsSuch() {
        for (int i = 0; i < 6; i++) {
            server.browser().signIn(TestServer.USER, WRONG_PASSWORD + i);
        }
        String page = server.browser().signedInAsAdmin().get("/audit").body();
        assertThat(page).contains("locked out after repeated failures");
    }

    @Test
    void analystsCannotReadTheAuditLog() {
        HttpResponse<String> refused = server.browser().signedIn().get("/audit");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("sign-in-failed");
    }

    private boolean databaseFilesContain(String text) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("gateway.db")).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
