package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.trends.TrendChart;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium) over the demo's setup: the example team profile
 * (Asia/Tokyo), the demo's sample reports mailed through the real IMAP poller, triaged and acknowledged. The chart
 * must show that real data (its bars add up to what /api/dashboard says), styled by the stylesheet under the strict
 * CSP with no violation; then the analyst switches to Japanese. Full-page screenshots go to target/screenshots:
 * dashboard-en.png, dashboard-ja.png and ticket-ja.png, for a person to look at.
 */
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "analyst";
    private static final String PASSWORD = "a long analyst passphrase";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    private GatewayApplication application;
    private ChromeDriver browser;

    @BeforeEach
    void startDemoAndBrowser() throws Exception {
        HeadlessChromium.requireInstalled();

        // The demo's configuration: the example team profile, admin UI and public site on free ports.
        TestGatewayConfig.create(MAIL, dataDir);
        Map<String, String> values = new HashMap<>(TestGatewayConfig.values(MAIL, dataDir));
        values.put("admin.port", "0");
        values.put("profile.file", Home.path("config/team-profile.yml").toString());
        values.put("public.port", "0");
        application = new GatewayApplication(new ConfigLoader(Map.of()).fromValues(values), Clock.systemUTC());
        application.start();
        application.accounts().addUser(USER, PASSWORD.toCharArray(), Role.ADMIN);

        browser = HeadlessChromium.start(dataDir, 1366, options -> {
            LoggingPreferences logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
        });
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (application != null) {
            application.close();
        }
    }

    @Test
    void dashboardChartShowsTheDemosRealDataAndSwitchesToJapanese() throws Exception {
        int sent = mailDemoSamples();
        assertThat(new DemoProgress(application.gateway()).awaitSettled(sent, Duration.ofSeconds(60)))
                .as("every demo sample ticketed, triaged and acknowledged").isTrue();
        JsonNode api = apiDashboard();
        long reports = api.get("trend").get("total").asLong();
        assertThat(reports).as("the demo's tickets in the last 12 months").isEqualTo(8);

        signIn();
        navigateTo("dashboard");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElement(By.cssSelector("nav.sections a[aria-current=page]")).getText())
                .isEqualTo("Dashboard");

        // The chart is the API's data: every bar's count adds up to the reports, category by category.
        List<WebElement> bars = browser.findElements(By.cssSelector("svg.trend-chart rect.bar"));
        assertThat(bars).isNotEmpty();
        assertThat(bars.stream().mapToLong(bar -> Long.parseLong(bar.getAttribute("data-count"))).sum())
                .isEqualTo(reports);
        List<WebElement> legend = browser.findElements(By.cssSelector("ul.legend li"));
        assertThat(legend).hasSize(Math.min(api.get("trend").get("categories").size(), TrendChart.COLOURS.size()));
        long legendTotal = 0;
        for (WebElement item : legend) {
            legendTotal += Long.parseLong(item.findElement(By.cssSelector(".muted")).getText().replace(",", ""));
        }
        assertThat(legendTotal).isEqualTo(reports);
        // Coloured by the stylesheet's classes (no inline style under the CSP): the first category is blue.
        WebElement firstSeries = browser.findElement(By.cssSelector("svg.trend-chart g.series-0 rect.bar"));
        assertThat(firstSeries.getCssValue("fill")).isEqualTo("rgb(0, 114, 178)");
        assertThat(browser.getPageSource()).doesNotContain("style=\"");

        // The summary cards say what the API says, and each count opens a list of that many tickets.
        assertThat(cardValue("open-tickets")).isEqualTo(api.get("open").get("total").asLong());
        assertThat(cardValue("quarantined")).isEqualTo(api.get("quarantine").get("count").asLong());
        assertThat(browser.findElement(By.cssSelector("#median-acknowledge .card-value")).getText())
                .matches("< 1 s|\\d+ s|\\d+ min \\d+ s");
        fullPageScreenshot("dashboard-en");

        long open = api.get("open").get("total").asLong();
        WebElement openCard = browser.findElement(By.id("open-tickets"));
        navigateBy(openCard::click, ExpectedConditions.urlContains("/tickets?status=open"));
        assertThat(browser.findElements(By.cssSelector("table.tickets tbody tr"))).hasSize((int) open);
        assertNoContentSecurityPolicyViolation();

        // Japanese, from the header's switch, back on the same page.
        navigateTo("dashboard");
        WebElement japanese = browser.findElement(By.cssSelector("form.language button[value=ja]"));
        navigateBy(japanese::click, ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ja"));
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("ダッシュボード");
        String main = browser.findElement(By.tagName("main")).getText();
        assertThat(main).contains("未解決のチケット", "本日の新規受付", "受領通知までの時間", "中央値", "隔離中のメッセージ",
                "カテゴリ別・週ごとの報告件数").doesNotContain("Open tickets", "New today", "Time to acknowledge", "median");
        String firstCategory = api.get("trend").get("categories").get(0).get("labels").get("ja").asText();
        assertThat(browser.findElement(By.cssSelector("ul.legend")).getText()).contains(firstCategory);
        assertThat(browser.findElements(By.cssSelector("svg.trend-chart rect.bar")).stream()
                .mapToLong(bar -> Long.parseLong(bar.getAttribute("data-count"))).sum()).isEqualTo(reports);
        fullPageScreenshot("dashboard-ja");

        // The ticket list and a ticket in Japanese: the Japanese reporter's report with its follow-up.
        navigateTo("tickets");
        assertThat(browser.findElement(By.cssSelector("table.tickets thead")).getText()).contains("件名", "報告者");
        fullPageScreenshot("tickets-ja");
        WebElement report = browser.findElements(By.cssSelector("tbody tr td.subject a")).stream()
                .filter(link -> link.getText().equals("不正アクセスの報告")).findFirst()
                .orElseThrow(() -> new AssertionError("no ticket 不正アクセスの報告"));
        navigateBy(report::click, ExpectedConditions.urlMatches("/tickets/[^/?#]+$"));
        String ticket = browser.findElement(By.tagName("main")).getText();
        assertThat(ticket).contains("受信日時", "受領通知", "スレッド", "トリアージ", "198.51.100.23", "田中")
                .doesNotContain("Acknowledgement", "Thread", "Reporter");
        fullPageScreenshot("ticket-ja");
        assertNoContentSecurityPolicyViolation();
    }

    private int mailDemoSamples() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        Session session = Session.getInstance(props);
        List<MimeMessage> reports = new DemoReports(TestGatewayConfig.TEAM_ADDRESS, java.time.Instant.now()).all();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (MimeMessage report : reports) {
                transport.sendMessage(report, new Address[] {new InternetAddress(TestGatewayConfig.TEAM_ADDRESS)});
            }
        }
        return reports.size();
    }

    private JsonNode apiDashboard() throws Exception {
        String token = application.accounts().createApiToken(USER, "dashboard browser test");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(application.adminUrl() + "api/dashboard"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private long cardValue(String id) {
        return Long.parseLong(browser.findElement(By.cssSelector("#" + id + " .card-value")).getText()
                .replace(",", ""));
    }

    private void signIn() {
        browser.get(application.adminUrl() + "login");
        browser.findElement(By.id("name")).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        WebElement button = browser.findElement(By.cssSelector("main button[type=submit]"));
        navigateBy(button::click, ExpectedConditions.urlMatches("/tickets$"));
    }

    private void navigateTo(String path) {
        browser.get(application.adminUrl() + path);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    private void navigateBy(Runnable action, ExpectedCondition<?> arrived) {
        Navigation.navigateBy(browser, WAIT, action, arrived);
    }

    /** Chromium reports every blocked inline style or script on the console: there must be none. */
    private void assertNoContentSecurityPolicyViolation() {
        List<String> violations = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                violations.add(entry.getMessage());
            }
        }
        assertThat(violations).isEmpty();
    }

    /** The whole page, not just the window, as a PNG in target/screenshots. */
    @SuppressWarnings("unchecked")
    private void fullPageScreenshot(String name) throws Exception {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 6000);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                        "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
