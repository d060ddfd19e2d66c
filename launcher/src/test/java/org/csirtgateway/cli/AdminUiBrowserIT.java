package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An analyst in a real browser (Debian's headless Chromium): reports arrive through the real IMAP poller, the analyst
 * signs in, lists, searches in Japanese and opens tickets. Reporter-controlled HTML and script must stay inert text.
 * Screenshots of each page are saved in target/screenshots for a person to look at.
 *
 * <p>Every navigation started by a click or a form submit is awaited (the old page goes stale, the URL is the expected
 * one, the new page's main content is there) before anything is read, so a loaded machine can not make the test read
 * the page it came from; elements are found again after each navigation.
 */
class AdminUiBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "a long analyst passphrase";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** A ticket page's URL, e.g. .../tickets/CSIRT%232026-000001 (query and fragment allowed). */
    private static final String TICKET_PAGE = "/tickets/[^/?#]+([?#].*)?$";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    private GatewayApplication application;
    private ChromeDriver browser;

    @BeforeEach
    void startGatewayAndBrowser() throws Exception {
        boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!"true".equals(System.getenv("CI"))) {
            assumeThat(installed).as("Debian chromium and chromium-driver are installed (.ci/run installs them)")
                    .isTrue();
        }
        assertThat(installed).as("chromium and chromedriver must be installed in CI").isTrue();

        TestGatewayConfig.create(MAIL, dataDir);
        Map<String, String> values = new java.util.HashMap<>(TestGatewayConfig.values(MAIL, dataDir));
        values.put("admin.port", "0");
        application = new GatewayApplication(new ConfigLoader(Map.of()).fromValues(values), Clock.systemUTC());
        application.start();
        application.accounts().addUser("analyst", PASSWORD.toCharArray(), Role.ANALYST);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory(dataDir, "chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build(), options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
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
    void analystSignsInSearchesInJapaneseAndReadsHostileReportsAsInertText() throws Exception {
        Mails.send(MAIL.getSmtp().getPort(), "tanaka@isp.example.jp", TestGatewayConfig.TEAM_ADDRESS,
                "フィッシングサイトの報告", "弊社を装ったフィッシングサイトを発見しました。URL は hxxp://example[.]jp です。",
                "jp-browser@isp.example.jp", Map.of());
        Mails.send(MAIL.getSmtp().getPort(), "mallory@attacker.example", TestGatewayConfig.TEAM_ADDRESS,
                "<script>alert('subject')</script> report",
                "Look: <script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>",
                "hostile-text@attacker.example", Map.of());
        sendHtmlReport();
        sendForwardedPhishing();
        Eventually.await("four tickets", WAIT, () -> application.gateway().tickets().list(10, 0).total() == 4);

        browser.get(application.adminUrl() + "tickets");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("login");
        browser.findElement(By.id("name")).sendKeys("analyst");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        signIn();

        assertThat(browser.getCurrentUrl()).endsWith("/tickets");
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(4);
        screenshot("tickets");

        WebElement search = browser.findElement(By.name("q"));
        search.sendKeys("フィッシング");
        navigateBy(search::submit, ExpectedConditions.urlContains("q="));
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(1);
        assertThat(browser.findElement(By.tagName("tbody")).getText()).contains("フィッシングサイトの報告");
        screenshot("search-japanese");

        browser.get(application.adminUrl() + "tickets");
        openTicketWithSubjectContaining("<script>alert('subject')</script> report");
        String page = browser.getPageSource();
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("<script>alert(1)</script><img src=x onerror=alert(2)>");
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=\"x\"");
        assertNoScriptRan();
        screenshot("ticket-hostile-text");

        browser.get(application.adminUrl() + "tickets");
        openTicketWithSubjectContaining("Account suspended");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Your account is suspended");
        assertThat(browser.findElements(By.cssSelector("main img, main iframe, main script"))).isEmpty();
        assertNoScriptRan();
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
        assertNoScriptRan();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", evidence);
        screenshot("ticket-forwarded-evidence");
    }

    /** A phishing mail forwarded as message/rfc822, with hostile HTML and an attachment, sent byte for byte. */
    private static void sendForwardedPhishing() {
        String mail = """
                From: bob@constituency.example\r
                To: %s\r
                Subject: Fwd: Unusual sign-in activity\r
                Message-ID: <fwd-browser@constituency.example>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary=outer\r
                \r
                --outer\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Got this today, looks like phishing.\r
                --outer\r
                Content-Type: message/rfc822\r
                \r
                Received: from mail.microsoft-verify.example.com (mail.microsoft-verify.example.com [203.0.113.77])\r
                 by mx.constituency.example; Mon, 2 Mar 2026 08:00:00 +0000\r
                From: "Microsoft account team" <security@microsoft-verify.example.com>\r
                To: bob@constituency.example\r
                Subject: Unusual sign-in activity\r
                Date: Mon, 2 Mar 2026 07:59:00 +0000\r
                Message-ID: <signin-1@microsoft-verify.example.com>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary=inner\r
                \r
                --inner\r
                Content-Type: text/html; charset=utf-8\r
                \r
                <html><body><script>alert('evidence')</script><svg onload=alert(5)></svg><p>We detected something unusual.</p><p><a href="https://login.microsoft-verify.example.com/verify">Verify your account</a></p><iframe src="https://login.microsoft-verify.example.com/"></iframe></body></html>\r
                --inner\r
                Content-Type: text/html; name="secure-message.html"\r
                Content-Disposition: attachment; filename="secure-message.html"\r
                \r
                <script>alert('attachment')</script>\r
                --inner--\r
                --outer--\r
                """.formatted(TestGatewayConfig.TEAM_ADDRESS);
        Mails.sendRaw(MAIL.getSmtp().getPort(), "bob@constituency.example", TestGatewayConfig.TEAM_ADDRESS,
                mail.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void analystWorksATicketThroughTheFormsWithoutJavaScript() throws Exception {
        Mails.send(MAIL.getSmtp().getPort(), "reporter@constituency.example", TestGatewayConfig.TEAM_ADDRESS,
                "Defaced homepage", "Our homepage shows a defacement since 09:00.", "deface-1@constituency.example",
                Map.of());
        Eventually.await("a ticket", WAIT, () -> application.gateway().tickets().list(10, 0).total() == 1);

        browser.get(application.adminUrl() + "login");
        browser.findElement(By.id("name")).sendKeys("analyst");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        signIn();
        assertThat(browser.getCurrentUrl()).endsWith("/tickets");
        browser.get(application.adminUrl() + "tickets");
        openTicketWithSubjectContaining("Defaced homepage");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("status"))).selectByValue("triaged");
        submitAndWait("form[action$='/status'] button");
        assertThat(browser.findElement(By.cssSelector("dl.facts .status")).getText()).isEqualTo("triaged");

        browser.findElement(By.id("assignee")).sendKeys("analyst");
        submitAndWait("form[action$='/assignee'] button");
        browser.findElement(By.id("note")).sendKeys("Hoster contacted by phone.");
        submitAndWait("form[action$='/notes'] button");
        browser.findElement(By.id("reply-body")).sendKeys("Thank you, we are working on it.");
        submitAndWait("form[action$='/reply'] button");

        String main = browser.findElement(By.tagName("main")).getText();
        assertThat(main).contains("Hoster contacted by phone.").contains("Thank you, we are working on it.")
                .contains("new -> triaged").contains("(none) -> analyst").contains("reply to reporter@constituency.example");
        assertNoScriptRan();
        screenshot("ticket-worked");
        Eventually.await("the reply delivered", WAIT, () -> Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> subjectOf(m).startsWith("Re: [")).count() == 1);
    }

    /** Clicks a ticket form's button and waits until the ticket page it redirects to has replaced this one. */
    private void submitAndWait(String buttonSelector) {
        WebElement button = browser.findElement(By.cssSelector(buttonSelector));
        navigateBy(button::click, ExpectedConditions.urlMatches(TICKET_PAGE));
    }

    /** Submits the filled-in login form and waits for the ticket list it leads to. */
    private void signIn() {
        WebElement button = browser.findElement(By.cssSelector("button[type=submit]"));
        navigateBy(button::click, ExpectedConditions.urlMatches("/tickets$"));
    }

    /**
     * Starts a navigation and waits until it is over: the page it started on is gone (its elements are stale), the
     * URL is the expected one and the new page's main content is there. Elements must be found again afterwards.
     */
    private void navigateBy(Runnable action, ExpectedCondition<Boolean> arrived) {
        WebElement previousPage = browser.findElement(By.tagName("html"));
        action.run();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.stalenessOf(previousPage));
        wait.until(arrived);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private void openTicketWithSubjectContaining(String text) {
        WebElement link = browser.findElements(By.cssSelector("tbody tr a")).stream()
                .filter(candidate -> candidate.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no ticket link containing " + text));
        navigateBy(link::click, ExpectedConditions.urlMatches(TICKET_PAGE));
    }

    private void assertNoScriptRan() {
        try {
            String alert = browser.switchTo().alert().getText();
            throw new AssertionError("a script ran and opened an alert: " + alert);
        } catch (NoAlertPresentException expected) {
            // Nothing ran.
        }
    }

    private void sendHtmlReport() throws Exception {
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

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
