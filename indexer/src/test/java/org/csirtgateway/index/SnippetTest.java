package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.Reports.message;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snippets are shown in the admin UI. They must be plain text (the UI escapes it), short, and about the match; a
 * reported body full of HTML must come back as the same characters, not as markup the index made up.
 */
class SnippetTest {

    private static final String FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
            + "tempor incididunt ut labore et dolore magna aliqua. ";

    @TempDir
    Path dir;

    private ReportIndex index;

    @BeforeEach
    void open() throws IOException {
        index = ReportIndex.open(dir);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void snippetIsPlainTextAroundTheMatch() throws Exception {
        String body = FILLER.repeat(10) + "The attacker used a\nmimikatz\tbinary to dump credentials. "
                + FILLER.repeat(10);
        index.index(message("m1", "T-1", "Lateral movement", body));
        index.commit();

        String snippet = index.search("mimikatz", 10, 0).hits().get(0).snippet();

        assertThat(snippet).contains("attacker used a mimikatz binary")
                .doesNotContain("<", ">", "\n", "\t")
                .startsWith("…")
                .endsWith("…")
                .hasSizeLessThanOrEqualTo(Snippets.MAX_CHARS);
    }

    @Test
    void snippetOfHtmlInTheReportIsTheSameTextNotMarkup() throws Exception {
        index.index(message("m1", "T-1", "XSS", "Payload: <script>alert('xss')</script> in the search box"));
        index.commit();

        String snippet = index.search("payload", 10, 0).hits().get(0).snippet();

        assertThat(snippet).isEqualTo("Payload: <script>alert('xss')</script> in the search box");
    }

    @Test
    void snippetFindsTheMatchInAVeryLongLine() throws Exception {
        String body = "x".repeat(50) + " " + "word ".repeat(400) + "cobaltstrike beacon " + "word ".repeat(400);
        index.index(message("m1", "T-1", "Beacon", body));
        index.commit();

        String snippet = index.search("cobaltstrike", 10, 0).hits().get(0).snippet();

        assertThat(snippet).contains("cobaltstrike").hasSizeLessThanOrEqualTo(Snippets.MAX_CHARS);
    }

    @Test
    void snippetOfJapaneseIsAroundTheMatch() throws Exception {
        String body = "本日は晴天なり。".repeat(40) + "不正アクセスの痕跡を発見しました。" + "明日も晴天なり。".repeat(40);
        index.index(message("m1", "T-1", "報告", body));
        index.commit();

        String snippet = index.search("不正アクセス", 10, 0).hits().get(0).snippet();

        assertThat(snippet).contains("不正アクセスの痕跡").hasSizeLessThanOrEqualTo(Snippets.MAX_CHARS);
    }

    @Test
    void snippetFallsBackToTheStartOfTheBody() throws Exception {
        index.index(message("m1", "T-1", "Quarterly botnet statistics", FILLER.repeat(5)));
        index.index(message("m2", "T-2", "Short", "Just a line."));
        index.commit();

        String onlySubjectMatched = index.search("botnet", 10, 0).hits().get(0).snippet();
        String blankQuery = index.search("ticket:T-2", 10, 0).hits().get(0).snippet();

        assertThat(onlySubjectMatched).startsWith("Lorem ipsum dolor").endsWith("…")
                .hasSizeLessThanOrEqualTo(Snippets.MAX_CHARS);
        assertThat(blankQuery).isEqualTo("Just a line.");
    }

    @Test
    void emptyBodyGivesAnEmptySnippet() throws Exception {
        index.index(message("m1", "T-1", "Subject only", null));
        index.commit();

        assertThat(index.search("subject", 10, 0).hits().get(0).snippet()).isEmpty();
    }
}
