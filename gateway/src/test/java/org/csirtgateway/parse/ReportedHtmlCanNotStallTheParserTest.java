package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.csirtgateway.testing.RawMail;
import org.junit.jupiter.api.Test;

/**
 * Threat: a reporter (or anyone who can mail the team) sends a few hundred kilobytes of HTML crafted so that turning
 * it into text takes time quadratic in its size - thousands of unclosed {@code <script>} or {@code <!--}, or of
 * {@code <} without a closing {@code >}. One such mail would hold the intake for minutes to hours while every other
 * report waits. The conversion must stay linear: each of these is read in well under a second.
 */
class ReportedHtmlCanNotStallTheParserTest {

    private static final int REPEATS = 40_000;
    private static final Duration QUICKLY = Duration.ofSeconds(1);

    @Test
    void unclosedScriptTagsCanNotStallTheParser() {
        String text = readQuickly("<script>x ".repeat(REPEATS) + "<p>still here</p>");

        assertThat(text).endsWith("still here");
    }

    @Test
    void unclosedStyleAndTitleTagsMixedWithClosedOnesCanNotStallTheParser() {
        String text = readQuickly("<style>a <title>b <head>c ".repeat(REPEATS / 2) + "<script>gone</script>kept");

        assertThat(text).endsWith("kept").doesNotContain("gone", "<");
    }

    @Test
    void unclosedCommentsCanNotStallTheParser() {
        String text = readQuickly("<!-- x ".repeat(REPEATS) + "after");

        assertThat(text).endsWith("after");
    }

    @Test
    void lessThanSignsWithoutTagEndCanNotStallTheParser() {
        String text = readQuickly("< x ".repeat(REPEATS) + "<br x ".repeat(REPEATS) + "end");

        assertThat(text).endsWith("end");
    }

    private static String readQuickly(String html) {
        byte[] raw = RawMail.from("alice@victim.example")
                .header("Content-Type", "text/html; charset=UTF-8").body(html).bytes();
        return assertTimeoutPreemptively(QUICKLY, () -> RawMail.parse(raw).bodyText(),
                "HTML of " + html.length() + " characters must become text in linear time");
    }
}
