package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ui.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An admin in a real browser (Debian's headless Chromium) adds a read-only colleague on the users page, hands over
 * the generated password, and reads the effective configuration; the colleague signs in with it and is offered
 * nothing above their role. Screenshots of the users, user, audit and configuration pages (and of the users page in
 * Japanese) go to target/screenshots.
 */
class UsersAdminBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMIN_PASSWORD = "a long admin passphrase";
    private static final String SMTP_SECRET = "Smtp-Secret-Armadillo-2231";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    private GatewayApplication application;
    private ChromeDriver browser;

    @BeforeEach
    void startGatewayAndBrowser() throws Exception {
        HeadlessChromium.requireInstalled();

        TestGatewayConfig.create(MAIL, dataDir);
        Map<String, String> values = new HashMap<>(TestGatewayConfig.values(MAIL, dataDir));
        values.put("admin.port", "0");
        values.put("smtp.user", "mailer");
        application = new GatewayApplication(new ConfigLoader(Map.of("CSIRT_SMTP_PASSWORD", SMTP_SECRET))
                .fromValues(values), Clock.systemUTC());
        application.start();
        application.accounts().addUser("chief", ADMIN_PASSWORD.toCharArray(), Role.ADMIN);

        browser = HeadlessChromium.start(dataDir, 1280, options -> { });
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
    void adminAddsAReadOnlyColleagueWhoSeesNothingAboveTheirRole() throws Exception {
        browser.get(application.adminUrl() + "login");
        signIn("chief", ADMIN_PASSWORD);

        navigateBy(() -> browser.findElement(By.linkText("Users")).click(), ExpectedConditions.urlMatches("/users$"));
        screenshot("users");
        browser.findElement(By.name("name")).sendKeys("reader");
        new Select(browser.findElement(By.name("role"))).selectByValue("read-only");
        navigateBy(() -> browser.findElement(By.cssSelector("form[action='/users'] button")).click(),
                ExpectedConditions.urlMatches("/users$"));
        String password = browser.findElement(By.cssSelector("code.secret")).getText();
        assertThat(password).hasSize(20);
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("User reader was added.");
        screenshot("user-added");

        navigateBy(() -> browser.findElement(By.linkText("Configuration")).click(),
                ExpectedConditions.urlMatches("/config$"));
        assertThat(browser.getPageSource()).doesNotContain(SMTP_SECRET, TestGatewayConfig.MAILBOX_PASSWORD);
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("smtp.password", "set",
                "environment");
        screenshot("config");

        browser.get(application.adminUrl() + "audit");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("user added", "signed in");
        screenshot("audit");

        browser.get(application.adminUrl() + "users");
        WebElement japanese = browser.findElement(By.cssSelector("form.language button[value=ja]"));
        navigateBy(japanese::click, ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ja"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("ユーザーを追加", "閲覧のみ", "reader");
        screenshot("users-ja");

        navigateBy(() -> browser.findElement(By.cssSelector("form.logout button")).click(),
                ExpectedConditions.urlMatches("/login$"));
        signIn("reader", password);
        String nav = browser.findElement(By.tagName("nav")).getText();
        assertThat(nav).contains("Tickets").doesNotContain("Users", "Configuration");

        browser.get(application.adminUrl() + "users");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("This needs the admin role; you have the read-only role.");
        screenshot("users-refused");
    }

    private void signIn(String name, String password) {
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement button = browser.findElement(By.cssSelector("button[type=submit]"));
        navigateBy(button::click, ExpectedConditions.urlMatches("/tickets$"));
    }

    private void navigateBy(Runnable action, ExpectedCondition<Boolean> arrived) {
        Navigation.navigateBy(browser, WAIT, action, arrived);
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve("users-admin-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
