package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Gpg;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.SharedCorpus;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An analyst in a real browser (Debian's headless Chromium) on a real gateway: reports arrive over SMTP into GreenMail
 * and through the real IMAP poller, the analyst signs in, searches, works tickets and signs out.
 *
 * <p>Threats: reports are written by strangers, some of them attackers. A hostile report must not run script in the
 * analyst's browser, load anything from elsewhere (a tracking pixel tells the attacker the report was read, and
 * when), restyle the page or redirect it; a page on another site must not make the analyst's browser change a
 * ticket. Each threat has a test named after it; screenshots of the main pages are saved in target/screenshots for
 * a person to look at.
 *
 * <p>One gateway, one GreenMail and one browser serve all tests (each test signs in afresh and finds its own tickets
 * by subject). Every navigation started by a click or a form submit is awaited (the old page goes stale, the URL is
 * the expected one, the new page's main content is there) before anything is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "analyst";
    private static final String PASSWORD = "a long analyst passphrase";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** A ticket page's URL, e.g. .../tickets/CSIRT%232026-000001 (query and fragment allowed). */
    private static final String TICKET_PAGE = "/tickets/[^/?#]+([?#].*)?$";
    /** The admin UI's answer to a state-changing request without the session's CSRF token. */
    private static final String CSRF_REFUSAL = "did not come from this site";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withPerMethodLifecycle(false);

    @TempDir
    static Path dataDir;

    private GatewayApplication application;
    private ChromeDriver browser;
    private PageSafety safety;
    private ForeignSite canary;
    private ForeignSite attacker;
    private String apiToken;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void startGatewayBrowserAndForeignSites() throws Exception {
        HeadlessChromium.requireInstalled();

        TestGatewayConfig.create(MAIL, dataDir);
        Map<String, String> values = new HashMap<>(TestGatewayConfig.values(MAIL, dataDir));
        values.put("admin.port", "0");
        application = new GatewayApplication(new ConfigLoader(Map.of()).fromValues(values), Clock.systemUTC());
        application.start();
        application.accounts().addUser(USER, PASSWORD.toCharArray(), Role.ANALYST);
        apiToken = application.accounts().createApiToken(USER, "browser test");
        canary = ForeignSite.start();
        attacker = ForeignSite.start();

        browser = HeadlessChromium.start(dataDir, 1280, PageSafety::enableNetworkLog);
        safety = new PageSafety(browser, application.adminUrl());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (application != null) {
            Eventually.quiet(application.gateway());
            application.close();
        }
        if (canary != null) {
            canary.close();
        }
        if (attacker != null) {
            attacker.close();
        }
    }

    @BeforeEach
    void nothingHasCalledTheCanaryYet() {
        assertThat(canary.requests()).as("requests to the canary site").isEmpty();
    }

    @Test
    void analystSignsInSearchesInJapaneseWithHighlightsAndReadsForwardedEvidence() throws Exception {
        send("tanaka@isp.example.jp", "フィッシングサイトの報告",
                "弊社を装ったフィッシングサイトを発見しました。URL は hxxp://example[.]jp です。");
        send("mallory@attacker.example", "<script>alert('subject')</script> report",
                "Look: <script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>");
        sendHtmlReport();
        sendForwardedPhishing();
        awaitTickets("フィッシングサイトの報告", "<script>alert('subject')</script> report",
                "Account suspended phishing", "Fwd: Unusual sign-in activity");

        browser.get(application.adminUrl() + "login");
        browser.manage().deleteAllCookies();
        browser.get(application.adminUrl() + "tickets");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("login");
        fillInLoginForm();
        signIn();
        assertThat(browser.getCurrentUrl()).endsWith("/tickets");
        assertThat(browser.findElement(By.tagName("tbody")).getText()).contains("フィッシングサイトの報告",
                "<script>alert('subject')</script> report", "Account suspended phishing", "Fwd: Unusual sign-in");
        screenshot("tickets");

        WebElement search = browser.findElement(By.name("q"));
        search.sendKeys("フィッシング");
        navigateBy(search::submit, ExpectedConditions.urlContains("q="));
        WebElement firstHit = browser.findElement(By.cssSelector("tbody tr"));
        assertThat(firstHit.getText()).contains("フィッシングサイトの報告");
        assertThat(firstHit.findElements(By.cssSelector(".snippet mark"))).as("highlighted words in the snippet")
                .isNotEmpty().allSatisfy(mark -> assertThat("フィッシング").contains(mark.getText()));
        assertThat(browser.findElement(By.cssSelector(".snippet mark")).getCssValue("background-color"))
                .as("a highlight is visible").isNotIn("rgba(0, 0, 0, 0)", "transparent");
        screenshot("search-results");

        browser.get(application.adminUrl() + "tickets");
        openTicketWithSubjectContaining("<script>alert('subject')</script> report");
        String page = browser.getPageSource();
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("<script>alert(1)</script><img src=x onerror=alert(2)>");
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=\"x\"");
        assertNoAlert();
        screenshot("ticket-hostile-text");

        browser.get(application.adminUrl() + "tickets");
        openTicketWithSubjectContaining("Account suspended");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Your account is suspended");
        assertThat(browser.findElements(By.cssSelector("main img, main iframe, main script"))).isEmpty();
        assertNoAlert();
        screenshot("ticket-hostile-html");

        browser.get(application.adminUrl() + "tickets");
        openTicketWithSubjectContaining("Fwd: Unusual sign-in");
        WebElement evidence = browser.findElement(By.cssSelector("section.evidence"));
        assertThat(evidence.getText()).contains("Forwarded message 1", "Unusual sign-in activity",
                "security@microsoft-verify.example.com", "Verify your account <https://login.microsoft-verify.example.com/");
        assertThat(browser.findElements(By.cssSelector("main img, main iframe, main script, main svg"))).isEmpty();
        browser.findElement(By.cssSelector("details.received summary")).click();
        assertThat(browser.findElement(By.cssSelector("details.received")).getText()).contains("203.0.113.77");
        assertThat(browser.findElement(By.cssSelector("section.indicators")).getText())
                .contains("login.microsoft-verify.example.com", "203.0.113.77");
        assertThat(browser.findElement(By.cssSelector("ul.attachments a")).getAttribute("href"))
                .contains("/attachments/");
        assertNoAlert();
        screenshot("ticket-forwarded-evidence");
        screenshot("ticket-forwarded-evidence-detail", browser.findElement(By.cssSelector("article.message")));
    }

    @Test
    void analystWorksATicketThroughTheFormsWithoutJavaScript() throws Exception {
        send("reporter@constituency.example", "Defaced homepage", "Our homepage shows a defacement since 09:00.");
        awaitTickets("Defaced homepage");

        signInAfresh();
        openTicketWithSubjectContaining("Defaced homepage");
        new Select(browser.findElement(By.id("status"))).selectByValue("triaged");
        submitAndWait("form[action$='/status'] button");
        assertThat(browser.findElement(By.cssSelector("dl.facts .status")).getText()).isEqualTo("triaged");

        browser.findElement(By.id("assignee")).sendKeys(USER);
        submitAndWait("form[action$='/assignee'] button");
        browser.findElement(By.id("note")).sendKeys("Hoster contacted by phone.");
        submitAndWait("form[action$='/notes'] button");
        browser.findElement(By.id("reply-body")).sendKeys("Thank you, we are working on it.");
        submitAndWait("form[action$='/reply'] button");

        String main = browser.findElement(By.tagName("main")).getText();
        assertThat(main).contains("Hoster contacted by phone.").contains("Thank you, we are working on it.")
                .contains("new -> triaged").contains("(none) -> analyst").contains("reply to reporter@constituency.example");
        assertNoAlert();
        screenshot("ticket-worked");
        Eventually.await("the reply delivered to the reporter", WAIT, () -> Arrays.stream(MAIL.getReceivedMessages())
                .anyMatch(m -> subjectOf(m).startsWith("Re: [") && subjectOf(m).contains("Defaced homepage")
                        && recipientsOf(m).contains("reporter@constituency.example")));
    }

    @Test
    void signingOutEndsTheSessionOnTheServerNotJustInTheBrowser() throws Exception {
        signInAfresh();
        Cookie session = browser.manage().getCookieNamed("cgw_session");
        assertThat(session).as("the session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(apiGet("/api/tickets", "Cookie", "cgw_session=" + session.getValue()).statusCode()).isEqualTo(200);

        WebElement signOut = browser.findElement(By.cssSelector("form.logout button"));
        navigateBy(signOut::click, ExpectedConditions.urlMatches("/login$"));
        assertThat(browser.manage().getCookieNamed("cgw_session")).as("cookie after signing out").isNull();
        browser.get(application.adminUrl() + "tickets");
        assertThat(browser.getCurrentUrl()).endsWith("/login");

        HttpResponse<String> replayed = apiGet("/api/tickets", "Cookie", "cgw_session=" + session.getValue());
        assertThat(replayed.statusCode()).as("the old session cookie, replayed").isEqualTo(401);
    }

    @Test
    void hostileReportsCanNotRunScriptOrMakeTheBrowserRequestAnythingElsewhere() throws Exception {
        List<HostileReports.Sample> samples = new ArrayList<>(HostileReports.written(canary.origin(),
                TestGatewayConfig.TEAM_ADDRESS));
        int written = samples.size();
        samples.addAll(HostileReports.fromCorpus(SharedCorpus.projectRoot().resolve("../shared/corpus").normalize()));
        long keptBefore = count("SELECT COUNT(*) FROM raw_messages");
        long lastRaw = count("SELECT COALESCE(MAX(id), 0) FROM raw_messages");
        for (HostileReports.Sample sample : samples) {
            Mails.sendRaw(MAIL.getSmtp().getPort(), "mallory@attacker.example", TestGatewayConfig.TEAM_ADDRESS,
                    sample.raw());
        }
        Eventually.await(samples.size() + " hostile reports kept and processed", WAIT, () ->
                count("SELECT COUNT(*) FROM raw_messages") == keptBefore + samples.size()
                        && count("SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'") == 0);
        List<String> tickets = application.gateway().database().read(connection -> Sql.list(connection,
                "SELECT DISTINCT ticket_id FROM messages WHERE raw_id > ? ORDER BY ticket_id",
                row -> row.getString(1), lastRaw));
        assertThat(count("SELECT COUNT(*) FROM raw_messages WHERE id > " + lastRaw + " AND state = 'processed'"))
                .as("hostile reports ticketed (the team's own %d and the corpus's %d)", written,
                        samples.size() - written)
                .isGreaterThanOrEqualTo(written);

        signInAfresh();
        List<String> problems = new ArrayList<>();
        for (String ticket : tickets) {
            problems.addAll(safety.open("tickets/" + ticket.replace("#", "%23")));
        }
        problems.addAll(safety.open("tickets?q=script"));
        problems.addAll(safety.open("tickets?q=" + java.net.URLEncoder.encode("\"Hostile sample\"",
                StandardCharsets.UTF_8)));
        problems.addAll(safety.open("tickets?limit=200"));
        problems.addAll(safety.open("quarantine"));
        assertThat(problems).as("signs of active content on %d hostile ticket pages, the search results, the ticket "
                + "list and the quarantine", tickets.size()).isEmpty();
        assertThat(tickets).as("tickets of the hostile reports").hasSizeGreaterThanOrEqualTo(written);
        assertThat(canary.requests()).as("requests that reached the canary site").isEmpty();

        safety.open("tickets/" + ticketWithSubject("Hostile sample: css-tricks").replace("#", "%23"));
        screenshot("ticket-hostile-css");
        safety.open("tickets/" + ticketWithSubject("\"><svg onload=window.pwned='subject'> "
                + "<script>window.pwned='subject'</script>").replace("#", "%23"));
        screenshot("ticket-hostile-headers");
        screenshot("ticket-hostile-headers-detail", browser.findElement(By.cssSelector("article.message")));
        safety.open("tickets?q=" + java.net.URLEncoder.encode("\"Hostile sample\"", StandardCharsets.UTF_8));
        screenshot("search-hostile");
    }

    /**
     * Threat: a page on another site makes the analyst's browser post to the admin UI (CSRF). Both sites run on
     * 127.0.0.1 (different ports), which browsers count as the SAME site: the SameSite=Strict session cookie IS sent
     * along, so only the CSRF token check stands between the forged request and the ticket. The refusal proves it: a
     * request without the cookie would be redirected to /login, this one is answered 403.
     */
    @Test
    void forgedCrossSitePostCanNotChangeATicket() throws Exception {
        send("victim@constituency.example", "Forgery target", "A ticket an attacker would like to close.");
        String ticket = awaitTickets("Forgery target").get(0);
        String statusUrl = application.adminUrl() + "tickets/" + ticket.replace("#", "%23") + "/status";
        String apiStatusUrl = application.adminUrl() + "api/tickets/" + ticket.replace("#", "%23") + "/status";
        attacker.page("/cats.html", """
                <!DOCTYPE html><title>Cute cats</title>
                <form id="forged" method="post" action="%s"><input type="hidden" name="status" value="triaged"></form>
                <script>document.getElementById('forged').submit()</script>""".formatted(statusUrl));
        attacker.page("/dogs.html", """
                <!DOCTYPE html><title>Cute dogs</title>
                <script>fetch('%s', {method: 'POST', mode: 'no-cors', credentials: 'include',
                    headers: {'Content-Type': 'text/plain'}, body: '{"status": "triaged"}'})
                  .finally(() => document.title = 'sent');</script>""".formatted(apiStatusUrl));
        signInAfresh();

        safety.forgetRequests();
        browser.get(attacker.origin() + "/cats.html");
        awaitAdminPage();
        assertThat(browser.getCurrentUrl()).as("where the forged form led").isEqualTo(statusUrl);
        assertThat(browser.findElement(By.tagName("main")).getText()).as("the answer to the forged form")
                .contains(CSRF_REFUSAL);
        assertThat(responseStatusOf("POST", statusUrl)).as("the forged form post").isEqualTo(403);
        screenshot("forged-post-refused");
        assertThat(statusOf(ticket)).isEqualTo("new");

        safety.forgetRequests();
        browser.get(attacker.origin() + "/dogs.html");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.titleIs("sent"));
        assertThat(responseStatusOf("POST", apiStatusUrl)).as("the forged API call").isEqualTo(403);
        assertThat(statusOf(ticket)).isEqualTo("new");

        // From a really different site (localhost is not 127.0.0.1), SameSite=Strict keeps the cookie home too.
        browser.get(attacker.originNamedLocalhost() + "/cats.html");
        awaitAdminPage();
        assertThat(browser.getCurrentUrl()).as("where the forged form from another site led").endsWith("/login");
        assertThat(statusOf(ticket)).isEqualTo("new");

        browser.get(application.adminUrl() + "tickets");
        assertThat(browser.getCurrentUrl()).as("the analyst is still signed in").endsWith("/tickets");
    }

    /**
     * Threat: the token check is the only defence against a forged request from a same-site page (see above), so it
     * must hold on its own: from the admin UI's own pages, with the session cookie, a form without the token or with a
     * wrong one changes nothing; the same form with the token works.
     */
    @Test
    void requestWithoutTheCsrfTokenIsRefusedEvenFromTheAdminUiItself() throws Exception {
        send("victim@constituency.example", "Token check target", "A ticket to change with and without the token.");
        String ticket = awaitTickets("Token check target").get(0);
        signInAfresh();
        openTicketWithSubjectContaining("Token check target");
        String ticketPage = browser.getCurrentUrl();

        for (String tampering : List.of("arguments[0].remove()", "arguments[0].value = 'forged-token-value'")) {
            WebElement token = browser.findElement(By.cssSelector("form[action$='/status'] input[name=csrf]"));
            ((JavascriptExecutor) browser).executeScript(tampering, token);
            new Select(browser.findElement(By.id("status"))).selectByValue("triaged");
            WebElement button = browser.findElement(By.cssSelector("form[action$='/status'] button"));
            navigateBy(button::click, ExpectedConditions.or(ExpectedConditions.urlMatches("/status$"),
                    ExpectedConditions.urlMatches(TICKET_PAGE)));
            assertThat(browser.getCurrentUrl()).as(tampering).endsWith("/status");
            assertThat(browser.findElement(By.tagName("main")).getText()).as(tampering).contains(CSRF_REFUSAL);
            assertThat(statusOf(ticket)).as(tampering).isEqualTo("new");
            browser.get(ticketPage);
        }

        new Select(browser.findElement(By.id("status"))).selectByValue("triaged");
        submitAndWait("form[action$='/status'] button");
        assertThat(statusOf(ticket)).as("the same form with the session's token").isEqualTo("triaged");
    }

    @Test
    void quarantineAndKeysPagesShowHostileValuesAsText() throws Exception {
        StringBuilder tooManyFields = new StringBuilder();
        for (int i = 0; i < 1_001; i++) {
            tooManyFields.append("X-Filler-").append(i).append(": <script>window.pwned='quarantine'</script>\n");
        }
        long quarantinedBefore = application.gateway().quarantine().count();
        Mails.sendRaw(MAIL.getSmtp().getPort(), "mallory@attacker.example", TestGatewayConfig.TEAM_ADDRESS,
                ("From: mallory@attacker.example\nTo: " + TestGatewayConfig.TEAM_ADDRESS
                        + "\nSubject: Too many header fields\n" + tooManyFields + "\nbody\n")
                        .getBytes(StandardCharsets.UTF_8));
        if (Gpg.available()) {
            try (Gpg gpg = Gpg.in(Files.createTempDirectory(dataDir, "gpg"))) {
                String userId = "Mallory <script>window.pwned='uid'</script> <keys@attacker.example>";
                gpg.generateKey(userId, "25519");
                Mails.sendRaw(MAIL.getSmtp().getPort(), "keys@attacker.example", TestGatewayConfig.TEAM_ADDRESS, """
                        From: keys@attacker.example
                        To: %s
                        Subject: My key
                        MIME-Version: 1.0
                        Content-Type: multipart/mixed; boundary=b

                        --b
                        Content-Type: text/plain

                        Here is my key.
                        --b
                        Content-Type: application/pgp-keys; name="key.asc"

                        %s
                        --b--
                        """.formatted(TestGatewayConfig.TEAM_ADDRESS, gpg.exportPublic("keys@attacker.example"))
                        .getBytes(StandardCharsets.UTF_8));
                Eventually.await("the reporter key collected", WAIT,
                        () -> !application.gateway().reporterKeys().list().isEmpty());
            }
        }
        Eventually.await("the message quarantined", WAIT,
                () -> application.gateway().quarantine().count() > quarantinedBefore);

        signInAfresh();
        List<String> problems = new ArrayList<>(safety.open("quarantine"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("header count");
        screenshot("quarantine");
        problems.addAll(safety.open("keys"));
        if (Gpg.available()) {
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("Mallory <script>window.pwned='uid'</script> <keys@attacker.example>");
        }
        screenshot("keys");
        assertThat(problems).isEmpty();
    }

    // Sending and waiting

    private static void send(String from, String subject, String body) {
        Mails.send(MAIL.getSmtp().getPort(), from, TestGatewayConfig.TEAM_ADDRESS, subject, body, null, Map.of());
    }

    /** Waits until a ticket with each subject exists; returns their IDs in the order given. */
    private List<String> awaitTickets(String... subjects) {
        return Arrays.stream(subjects).map(subject -> Eventually.await("a ticket '" + subject + "'", WAIT,
                () -> findTicketWithSubject(subject))).toList();
    }

    private String ticketWithSubject(String subject) {
        String id = findTicketWithSubject(subject);
        assertThat(id).as("a ticket with subject " + subject).isNotNull();
        return id;
    }

    private String findTicketWithSubject(String subject) {
        return application.gateway().tickets().list(500, 0).tickets().stream().map(TicketPage.FoundTicket::ticket)
                .filter(t -> t.subject().equals(subject)).map(t -> t.id()).findFirst().orElse(null);
    }

    private long count(String sql, Object... params) {
        return application.gateway().database().read(connection -> Sql.count(connection, sql, params));
    }

    // The JSON API, as a second opinion on what the browser did

    private String statusOf(String ticket) throws IOException, InterruptedException {
        HttpResponse<String> response = apiGet("/api/tickets/" + ticket.replace("#", "%23"),
                "Authorization", "Bearer " + apiToken);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        return json.get("status").asText();
    }

    private HttpResponse<String> apiGet(String path, String... headers) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(application.adminUrl() + path.substring(1))).headers(headers)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status the browser got for its request to {@code url} since the last look at the requests. */
    private Integer responseStatusOf(String method, String url) {
        return Eventually.await("the browser's " + method + " " + url + " answered", WAIT, () -> safety.requests()
                .stream().filter(r -> r.method().equals(method) && r.url().equals(url) && r.status() != null)
                .map(PageSafety.Request::status).findFirst().orElse(null));
    }

    // Browser steps

    private void signInAfresh() {
        browser.get(application.adminUrl() + "login");
        browser.manage().deleteAllCookies();
        browser.get(application.adminUrl() + "login");
        fillInLoginForm();
        signIn();
    }

    private void fillInLoginForm() {
        browser.findElement(By.id("name")).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
    }

    /** Submits the filled-in login form and waits for the ticket list it leads to. */
    private void signIn() {
        WebElement button = browser.findElement(By.cssSelector("button[type=submit]"));
        navigateBy(button::click, ExpectedConditions.urlMatches("/tickets$"));
    }

    /** Clicks a ticket form's button and waits until the ticket page it redirects to has replaced this one. */
    private void submitAndWait(String buttonSelector) {
        WebElement button = browser.findElement(By.cssSelector(buttonSelector));
        navigateBy(button::click, ExpectedConditions.urlMatches(TICKET_PAGE));
    }

    private void navigateBy(Runnable action, ExpectedCondition<Boolean> arrived) {
        Navigation.navigateBy(browser, WAIT, action, arrived);
    }

    /** Waits until the browser has left another site's page for one of the admin UI (whichever it is). */
    private void awaitAdminPage() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.urlContains(application.adminUrl()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    private void openTicketWithSubjectContaining(String text) {
        if (!browser.getCurrentUrl().endsWith("/tickets")) {
            browser.get(application.adminUrl() + "tickets");
        }
        WebElement link = browser.findElements(By.cssSelector("tbody tr a")).stream()
                .filter(candidate -> candidate.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no ticket link containing " + text));
        navigateBy(link::click, ExpectedConditions.urlMatches(TICKET_PAGE));
    }

    private void assertNoAlert() {
        try {
            String alert = browser.switchTo().alert().getText();
            throw new AssertionError("a script ran and opened an alert: " + alert);
        } catch (NoAlertPresentException expected) {
            // Nothing ran.
        }
    }

    /** Saves the whole page (up to 4000 CSS pixels tall), not just the window, as target/screenshots/NAME.png. */
    private void screenshot(String name) throws IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        capture(name, 0, 0, ((Number) content.get("width")).doubleValue(),
                Math.min(((Number) content.get("height")).doubleValue(), 4000));
    }

    /** Saves one element of the page (with a margin), at full size, as target/screenshots/NAME.png. */
    private void screenshot(String name, WebElement element) throws IOException {
        org.openqa.selenium.Rectangle box = element.getRect();
        capture(name, Math.max(0, box.getX() - 8), Math.max(0, box.getY() - 8), box.getWidth() + 16,
                Math.min(box.getHeight() + 16, 4000));
    }

    private void capture(String name, double x, double y, double width, double height) throws IOException {
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    // Mails

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject() == null ? "" : message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static String recipientsOf(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    /** A phishing mail forwarded as message/rfc822, with hostile HTML and an attachment, sent byte for byte. */
    private static void sendForwardedPhishing() {
        String mail = """
                From: bob@constituency.example
                To: %s
                Subject: Fwd: Unusual sign-in activity
                Message-ID: <fwd-browser@constituency.example>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: text/plain; charset=utf-8

                Got this today, looks like phishing.
                --outer
                Content-Type: message/rfc822

                Received: from mail.microsoft-verify.example.com (mail.microsoft-verify.example.com [203.0.113.77])
                 by mx.constituency.example; Mon, 2 Mar 2026 08:00:00 +0000
                From: "Microsoft account team" <security@microsoft-verify.example.com>
                To: bob@constituency.example
                Subject: Unusual sign-in activity
                Date: Mon, 2 Mar 2026 07:59:00 +0000
                Message-ID: <signin-1@microsoft-verify.example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=inner

                --inner
                Content-Type: text/html; charset=utf-8

                <html><body><script>alert('evidence')</script><svg onload=alert(5)></svg><p>We detected something unusual.</p><p><a href="https://login.microsoft-verify.example.com/verify">Verify your account</a></p><iframe src="https://login.microsoft-verify.example.com/"></iframe></body></html>
                --inner
                Content-Type: text/html; name="secure-message.html"
                Content-Disposition: attachment; filename="secure-message.html"

                <script>alert('attachment')</script>
                --inner--
                --outer--
                """.formatted(TestGatewayConfig.TEAM_ADDRESS);
        Mails.sendRaw(MAIL.getSmtp().getPort(), "bob@constituency.example", TestGatewayConfig.TEAM_ADDRESS,
                mail.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendHtmlReport() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("victim@constituency.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(TestGatewayConfig.TEAM_ADDRESS));
        message.setSubject("Account suspended phishing", StandardCharsets.UTF_8.name());
        message.setContent("""
                <html><head><style>body{background:url(https://tracker.example/bg.png)}</style></head><body>
                <script>alert('html')</script><p onmouseover="alert(4)">Your account is suspended.</p>
                <img src="https://tracker.example/pixel.gif" onerror="alert(5)">
                <iframe src="https://evil.example/"></iframe><a href="javascript:alert(6)">Restore</a>
                </body></html>""", "text/html; charset=UTF-8");
        Transport.send(message);
    }
}
