package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report that reuses a Message-ID already on a ticket, with other content, is not hidden as a duplicate: it has a
 * ticket of its own, and both tickets' history says which Message-ID clashed with which ticket, in the reader's
 * language.
 */
class MessageIdClashViewTest {

    private static final String FIRST = """
            From: alice@victim.example
            Subject: Phishing site imitating our bank
            Message-ID: <report-7@victim.example>

            Please look at hxxp://phish.example/login, hosted at 198.51.100.20.
            """;
    private static final String SECOND = """
            From: mallory@other.example
            Subject: SSH brute force
            Message-ID: <report-7@victim.example>

            Brute force against our SSH servers from 203.0.113.9 since 02:00 UTC, about 4000 attempts.
            """;

    @TempDir
    Path directory;
    TestServer server;
    Browser browser;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        browser = server.browser().signedIn();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void bothTicketsShowTheClashInEnglishAndJapanese() {
        String first = server.tickets.fromMail(FIRST, Instant.parse("2026-03-01T10:00:00Z"));
        String second = server.tickets.fromMail(SECOND, Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(second).isNotEqualTo(first);

        assertThat(JapaneseUiTest.visibleText(browser.get(path(second)).body())).contains("Message-ID clash",
                "This message has Message-ID report-7@victim.example, which ticket " + first + " already has");
        assertThat(JapaneseUiTest.visibleText(browser.get(path(first)).body())).contains("Message-ID clash",
                "A message with other content arrived under Message-ID report-7@victim.example",
                "was placed on ticket " + second);

        String page = browser.get("/dashboard").body();
        browser.post("/language", Map.of("language", "ja", "return", "/dashboard", "csrf",
                Browser.csrfField(page)));
        assertThat(JapaneseUiTest.visibleText(browser.get(path(second)).body())).contains("Message-ID の衝突",
                "このメッセージの Message-ID report-7@victim.example は");
    }

    @Test
    void theSameMailTwiceStaysOneTicketWithoutAClash() {
        String first = server.tickets.fromMail(FIRST, Instant.parse("2026-03-01T10:00:00Z"));
        String again = server.tickets.fromMail(FIRST, Instant.parse("2026-03-01T10:05:00Z"));

        assertThat(again).isEqualTo(first);
        assertThat(JapaneseUiTest.visibleText(browser.get(path(first)).body())).doesNotContain("Message-ID clash");
    }

    private static String path(String ticketId) {
        return "/tickets/" + URLEncoder.encode(ticketId, StandardCharsets.UTF_8);
    }
}
