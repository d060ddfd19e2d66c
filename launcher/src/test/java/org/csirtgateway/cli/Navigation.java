package org.csirtgateway.cli;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** How the browser tests move from page to page without sleeping: they wait for the old page to go. */
final class Navigation {

    private Navigation() {
    }

    /**
     * Starts a navigation and waits until it is over: the page it started on is gone, {@code arrived} holds and the
     * new page's main content is there. Elements must be found again afterwards.
     */
    static void navigateBy(WebDriver browser, Duration wait, Runnable action, ExpectedCondition<?> arrived) {
        WebElement previousPage = browser.findElement(By.tagName("html"));
        action.run();
        WebDriverWait waiting = new WebDriverWait(browser, wait);
        waiting.until(driver -> isGone(previousPage));
        waiting.until(arrived);
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    /**
     * Whether the element's page has been replaced. Chromium answers a question about an element of a page being
     * replaced either "stale element" or, mid-swap, "node does not belong to the document": both mean gone.
     */
    static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
