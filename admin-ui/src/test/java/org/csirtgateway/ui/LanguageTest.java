package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.ReturnPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * English or Japanese per user: the login page and users who never chose follow the browser's Accept-Language; a
 * choice in the header is stored with the user and outlives the session. Threats: the switch's return path is
 * client input (open redirect), and the switch changes state (cross-site forgery).
 */
class LanguageTest {

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
    void loginPageFollowsTheBrowsersLanguageUnlessAskedForAnother() {
        Browser anonymous = server.browser();
        String japanese = anonymous.get("/login", "Accept-Language", "ja-JP,ja;q=0.9,en;q=0.8").body();
        assertThat(japanese).contains("<html lang=\"ja\">", "ログイン", "パスワード").doesNotContain("Password");
        assertThat(anonymous.get("/login", "Accept-Language", "en-GB,en;q=0.9,ja;q=0.5").body())
                .contains("<html lang=\"en\">", "Password");
        assertThat(anonymous.get("/login?lang=en", "Accept-Language", "ja").body()).contains("<html lang=\"en\">");
        assertThat(anonymous.get("/login", "Accept-Language", "fr-FR,de;q=0.5").body())
                .contains("<html lang=\"en\">");
    }

    @Test
    void aUserWhoNeverChoseSeesTheBrowsersLanguage() {
        Browser browser = server.browser().signedIn();
        assertThat(browser.get("/tickets", "Accept-Language", "ja").body()).contains("<html lang=\"ja\">",
                "チケット", "ログアウト");
        assertThat(browser.get("/tickets", "Accept-Language", "en").body()).contains("<html lang=\"en\">",
                "Sign out");
    }

    @Test
    void theChoiceIsStoredWithTheUserAndOutlivesSigningOutAndIn() {
        Browser browser = server.browser().signedIn();
        String page = browser.get("/tickets?status=open", "Accept-Language", "en").body();
        assertThat(page).contains("name=\"return\" value=\"/tickets?status=open\"", "aria-pressed=\"true\">English");

        HttpResponse<String> switched = browser.post("/language", Map.of("language", "ja",
                "return", "/tickets?status=open", "csrf", Browser.csrfField(page)));
        assertThat(switched.statusCode()).isEqualTo(303);
        assertThat(switched.headers().firstValue("Location")).hasValue("/tickets?status=open");
        String japanese = browser.get("/tickets?status=open", "Accept-Language", "en").body();
        assertThat(japanese).contains("<html lang=\"ja\">", "aria-pressed=\"true\">日本語");

        browser.post("/logout", Map.of("csrf", Browser.csrfField(japanese)));
        assertThat(browser.get("/dashboard").statusCode()).isEqualTo(302);
        Browser again = server.browser();
        again.get("/login", "Accept-Language", "en");
        assertThat(again.signIn(TestServer.USER, TestServer.PASSWORD).statusCode()).isEqualTo(303);
        assertThat(again.get("/dashboard", "Accept-Language", "en").body()).contains("<html lang=\"ja\">",
                "ダッシュボード");

        assertThat(new org.csirtgateway.ui.i18n.UserLanguages(server.database)
                .chosen(server.accounts.find(TestServer.USER).orElseThrow().id())).hasValue(Language.JAPANESE);
    }

    @Test
    void eachUserHasTheirOwnLanguage() {
        server.accounts.addUser("bob", "another long passphrase".toCharArray(), Role.READ_ONLY);
        Browser alice = server.browser().signedIn();
        alice.post("/language", Map.of("language", "ja", "return", "/dashboard",
                "csrf", Browser.csrfField(alice.get("/dashboard").body())));
        Browser bob = server.browser();
        assertThat(bob.signIn("bob", "another long passphrase").statusCode()).isEqualTo(303);
        assertThat(bob.get("/dashboard", "Accept-Language", "en").body()).contains("<html lang=\"en\">");
        assertThat(alice.get("/dashboard", "Accept-Language", "en").body()).contains("<html lang=\"ja\">");
    }

    @Test
    void languageSwitchWithoutTheCsrfTokenIsRefused() {
        Browser browser = server.browser().signedIn();
        HttpResponse<String> forged = browser.post("/language", Map.of("language", "ja", "return", "/tickets"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(browser.get("/dashboard", "Accept-Language", "en").body()).contains("<html lang=\"en\">");
    }

    @Test
    void languageSwitchCanNotRedirectToAnotherSite() {
        Browser browser = server.browser().signedIn();
        String csrf = Browser.csrfField(browser.get("/dashboard").body());
        for (String hostile : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example",
                "\\\\evil.example", "javascript:alert(1)", "/%0d%0aLocation: https://evil.example", "evil.example",
                "/ok\r\nSet-Cookie: x=y", " /tickets", ""}) {
            HttpResponse<String> response = browser.post("/language", Map.of("language", "en", "return", hostile,
                    "csrf", csrf));
            assertThat(response.statusCode()).as(hostile).isEqualTo(303);
            String location = response.headers().firstValue("Location").orElseThrow();
            assertThat(location).as(hostile).startsWith("/").doesNotStartWith("//").doesNotContain("evil");
        }
        assertThat(ReturnPath.safe("https://evil.example/")).isEqualTo("/dashboard");
        assertThat(ReturnPath.safe("/tickets/CSIRT%232026-000001?x=1#triage"))
                .isEqualTo("/tickets/CSIRT%232026-000001?x=1#triage");
    }

    @Test
    void anUnknownLanguageIsA400AndChangesNothing() {
        Browser browser = server.browser().signedIn();
        String csrf = Browser.csrfField(browser.get("/dashboard").body());
        HttpResponse<String> response = browser.post("/language", Map.of("language", "xx", "csrf", csrf));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Unknown language");
    }

    @Test
    void acceptLanguageIsReadWithItsWeights() {
        assertThat(Language.fromAcceptLanguage("en;q=0.4, ja;q=0.8")).isEqualTo(Language.JAPANESE);
        assertThat(Language.fromAcceptLanguage("ja-JP")).isEqualTo(Language.JAPANESE);
        assertThat(Language.fromAcceptLanguage("en-US,ja")).isEqualTo(Language.ENGLISH);
        assertThat(Language.fromAcceptLanguage("ja;q=0, en;q=0")).isEqualTo(Language.ENGLISH);
        assertThat(Language.fromAcceptLanguage("ja;q=bogus")).isEqualTo(Language.ENGLISH);
        assertThat(Language.fromAcceptLanguage(null)).isEqualTo(Language.ENGLISH);
    }
}
