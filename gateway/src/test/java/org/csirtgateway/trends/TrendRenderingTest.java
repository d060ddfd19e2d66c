package org.csirtgateway.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reporter addresses in a trend report are attacker-controlled: they must stay inert in HTML and in spreadsheets. */
class TrendRenderingTest {

    private static TrendFigures figures(String reporter) {
        LocalDate monday = LocalDate.parse("2026-03-02");
        return new TrendFigures(monday, monday.plusDays(6), 1,
                List.of(new TrendFigures.Week(monday, "2026-W10", 1, Map.of("fraud/phishing", 1L),
                        Map.of("outside", 1L))),
                List.of("fraud/phishing"), Map.of("fraud/phishing", "Fraud / Phishing"), Map.of("outside", 1L),
                List.of(new TrendFigures.Reporter(reporter, 1)), Duration.ofSeconds(75), 1, null, 0, "x");
    }

    @Test
    void reporterAddressCanNotInjectMarkupIntoTheHtmlReport() {
        String html = TrendHtml.render(figures("<script>alert(1)</script>@evil.example"), "T");
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;@evil.example");
    }

    @Test
    void reporterAddressCanNotInjectAFormulaIntoTheCsv() {
        String csv = TrendCsv.render(figures("=HYPERLINK(\"http://evil.example\",\"x\")@a.example"));
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")@a.example\"")
                .doesNotContain(",=HYPERLINK");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(TrendHtml.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(TrendHtml.duration(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
        assertThat(TrendHtml.duration(Duration.ofMinutes(125))).isEqualTo("2 h 05 min");
        assertThat(TrendHtml.duration(null)).isEqualTo("n/a");
        assertThat(TrendReport.median(List.of(Duration.ofSeconds(1), Duration.ofSeconds(9), Duration.ofSeconds(3))))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(TrendReport.median(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)))).isEqualTo(
                Duration.ofSeconds(3));
    }

    @Test
    void emptyPeriodsStillRenderAChart() {
        TrendFigures empty = new TrendFigures(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-08"), 0,
                List.of(new TrendFigures.Week(LocalDate.parse("2026-03-02"), "2026-W10", 0, Map.of(), Map.of())),
                List.of(), Map.of(), Map.of(), List.of(), null, 0, null, 0, "x");
        assertThat(TrendHtml.render(empty, "T")).contains("<svg").contains("n/a");
    }
}
