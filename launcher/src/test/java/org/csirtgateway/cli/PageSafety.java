package org.csirtgateway.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Looks at a page the way an attacker would hope it behaves, and lists everything that shows the page is not inert:
 * a script that ran (an alert, the {@code window.pwned} marker, a changed title), an element or attribute that could
 * run or load something (script, img, iframe, style, on* handlers, links to other origins...), a Content Security
 * Policy violation (something active reached the page and only the policy stopped it), and any request the browser
 * made for the page other than the page itself and the UI's own assets.
 *
 * <p>Requests are read from Chromium's performance log ({@code Network.requestWillBeSent}); CSP violations are
 * collected by a listener that Chromium installs in every document before the page's own content runs.
 */
final class PageSafety {

    /** Listens for CSP violations from the first moment of every document (installed through DevTools). */
    private static final String VIOLATION_LISTENER = """
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
            """;

    /** Lists active or foreign elements and attributes, markers of script that ran, and CSP violations. */
    private static final String INSPECT_PAGE = """
            const problems = [];
            const origin = location.origin;
            const active = 'script, noscript, img, image, iframe, frame, frameset, object, embed, applet, svg, math,'
                + ' style, base, video, audio, source, picture, track, portal, canvas, template, isindex,'
                + ' meta[http-equiv], link:not([rel="stylesheet"][href="/assets/app.css"])';
            document.querySelectorAll(active).forEach(e => problems.push('element ' + e.outerHTML.slice(0, 160)));
            const urlAttributes = ['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data', 'background',
                'xlink:href', 'ping', 'cite', 'longdesc', 'manifest', 'icon', 'lowsrc', 'dynsrc'];
            for (const e of document.querySelectorAll('*')) {
              for (const a of e.attributes) {
                const name = a.name.toLowerCase();
                if (name.startsWith('on')) problems.push('handler ' + name + '="' + a.value + '" on <' + e.localName + '>');
                if (name === 'style') problems.push('inline style="' + a.value + '" on <' + e.localName + '>');
                if (urlAttributes.includes(name)) {
                  let url = null;
                  try { url = new URL(a.value, location.href); } catch (x) { }
                  if (url === null || url.origin !== origin) {
                    problems.push(name + '="' + a.value + '" on <' + e.localName + '> leads off this site');
                  }
                }
              }
            }
            if (typeof window.pwned !== 'undefined') problems.push('script ran: window.pwned = ' + window.pwned);
            if (document.title.includes('pwned')) problems.push('script ran: title is ' + document.title);
            if (!Array.isArray(window.__cspViolations)) {
              problems.push('the CSP violation listener is missing (was the page replaced?)');
            } else {
              window.__cspViolations.forEach(v => problems.push('CSP violation: ' + v));
            }
            return problems;
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver browser;
    private final URI admin;
    /** Network.requestWillBeSent parameters since the last {@link #forgetRequests()}. */
    private final List<JsonNode> sent = new ArrayList<>();
    /** Response status by request ID. */
    private final Map<String, Integer> statuses = new HashMap<>();

    PageSafety(ChromeDriver browser, String adminUrl) {
        this.browser = browser;
        this.admin = URI.create(adminUrl);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_LISTENER));
    }

    /** Turns on the performance log this class reads requests from. */
    static void enableNetworkLog(ChromeOptions options) {
        options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
    }

    /** A request the browser made, with the status of its response when one came. */
    record Request(String method, String url, String type, Integer status) {
        @Override
        public String toString() {
            return method + " " + url + " (" + type + (status == null ? "" : ", " + status) + ")";
        }
    }

    /** Forgets the requests made so far. */
    void forgetRequests() {
        readLog();
        sent.clear();
        statuses.clear();
    }

    /** The requests made since {@link #forgetRequests()}, with their statuses as far as they are known yet. */
    List<Request> requests() {
        readLog();
        List<Request> requests = new ArrayList<>();
        for (JsonNode params : sent) {
            JsonNode request = params.path("request");
            requests.add(new Request(request.path("method").asText(), request.path("url").asText(),
                    params.path("type").asText(), statuses.get(params.path("requestId").asText())));
        }
        return requests;
    }

    /** Moves the performance log's new network events into {@link #sent} and {@link #statuses} (a log is read once). */
    private void readLog() {
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = parse(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if (method.equals("Network.requestWillBeSent")) {
                sent.add(params);
            } else if (method.equals("Network.responseReceived")) {
                statuses.put(params.path("requestId").asText(), params.path("response").path("status").asInt());
            }
        }
    }

    /**
     * Opens {@code path} of the admin UI (the browser must be signed in) and returns everything that shows it is not
     * inert, each prefixed with the path; empty when the page is safe. The page must answer 200: a login redirect or
     * an error page would prove nothing.
     */
    List<String> open(String path) {
        forgetRequests();
        browser.get(admin.resolve(path).toString());
        List<String> problems = new ArrayList<>();
        try {
            String alert = browser.switchTo().alert().getText();
            problems.add("script ran and opened an alert: " + alert);
            browser.switchTo().alert().dismiss();
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        @SuppressWarnings("unchecked")
        List<String> onPage = (List<String>) browser.executeScript(INSPECT_PAGE);
        problems.addAll(onPage);
        String page = URI.create(browser.getCurrentUrl()).getRawPath();
        boolean loaded = false;
        for (Request request : requests()) {
            if (request.url().startsWith("data:")) {
                continue; // carries its content in the URL: nothing is fetched (Chromium's date input icon is one)
            }
            URI url = uri(request.url());
            boolean ownOrigin = url != null && sameOrigin(url);
            if (ownOrigin && url.getRawPath().equals(page) && request.type().equals("Document")) {
                loaded |= request.status() != null && request.status() == 200;
            } else if (!ownOrigin || !url.getRawPath().startsWith("/assets/")) {
                problems.add("request left the page: " + request);
            }
        }
        if (!loaded) {
            problems.add("the page did not load with 200 (at " + browser.getCurrentUrl() + ")");
        }
        return problems.stream().map(problem -> path + ": " + problem).toList();
    }

    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private boolean sameOrigin(URI url) {
        return admin.getScheme().equals(url.getScheme()) && admin.getHost().equals(url.getHost())
                && admin.getPort() == url.getPort();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable performance log entry", e);
        }
    }
}
