package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.csirtgateway.testing.RawMail;
import org.junit.jupiter.api.Test;

/**
 * Threat: a reporter (or anyone who can mail the team) sends a few hundred kilobytes of HTML crafted so that turning
 * it into text takes time quadratic in its size - thousands of unclosed {@code <script>} or {@code <!--}, or of
 * {@code <} without a closing {@code >}. One such mail would hold the intake for minutes to hours while every other
 * report waits. The conversion must stay linear: each of these takes well under a second of CPU time (see
 * {@link ParsingTime}). What comes out is what an HTML5 parser (jsoup, like a browser) makes of it: an unclosed
 * script, style or comment runs to the end of the document and is not shown; no markup leaks into the text.
 */
class ReportedHtmlCanNotStallTheParserTest {

    private static final int REPEATS = 40_000;
    private static final Duration QUICKLY = Duration.ofSeconds(1);

    @Test
    void unclosedScriptTagsCanNotStallTheParser() {
        String text = readQuickly("<script>x ".repeat(REPEATS) + "<p>still here</p>");

        assertThat(text).as("everything after an unclosed <script> is script, and script is never shown").isEmpty();
    }

    @Test
    void unclosedStyleAndTitleTagsMixedWithClosedOnesCanNotStallTheParser() {
        String text = readQuickly("<style>a <title>b <head>c ".repeat(REPEATS / 2) + "<script>gone</script>kept");

        assertThat(text).as("everything after an unclosed <style> is style, and style is never shown").isEmpty();
    }

    @Test
    void unclosedCommentsCanNotStallTheParser() {
        String text = readQuickly("<!-- x ".repeat(REPEATS) + "after");

        assertThat(text).as("an unclosed comment runs to the end and is never shown").isEmpty();
    }

    @Test
    void lessThanSignsWithoutTagEndCanNotStallTheParser() {
        String text = readQuickly("< x ".repeat(REPEATS) + "<br x ".repeat(REPEATS) + "end");

        assertThat(text).as("a '<' not starting a tag is text; the unclosed <br ...> that follows is not")
                .isEqualTo("< x ".repeat(REPEATS).strip())
                .doesNotContain("<br", "end");
    }

    private static String readQuickly(String html) {
        byte[] raw = RawMail.from("alice@victim.example")
                .header("Content-Type", "text/html; charset=UTF-8").body(html).bytes();
        return ParsingTime.withinCpuTime(QUICKLY, "HTML of " + html.length() + " characters",
                () -> RawMail.parse(raw).bodyText());
    }
}
