package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, the way every browser test starts it: skipped where it
 * is not installed, except in CI (CI=true), where its absence fails the test.
 */
final class HeadlessChromium {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private HeadlessChromium() {
    }

    /** Skips the test when Chromium is not installed here, fails it when it is missing in CI. */
    static void requireInstalled() {
        boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!"true".equals(System.getenv("CI"))) {
            assumeThat(installed).as("Debian chromium and chromium-driver are installed (.ci/run installs them)")
                    .isTrue();
        }
        assertThat(installed).as("chromium and chromedriver must be installed in CI").isTrue();
    }

    /**
     * Starts a fresh browser (its profile in a new directory under {@code dataDir}, English UI, no background
     * network traffic) with a window of {@code width} x 900; {@code more} may add options (logs, CDP).
     */
    static ChromeDriver start(Path dataDir, int width, Consumer<ChromeOptions> more) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=" + width + ",900",
                "--lang=en-US", "--user-data-dir=" + Files.createTempDirectory(dataDir, "chromium"));
        more.accept(options);
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build(), options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        return browser;
    }
}
