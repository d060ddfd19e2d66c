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

    @Test
    void chartIsStyledByClassesOnlySoAStrictCspNeedsNoInlineStyle() {
        String svg = TrendHtml.chart(figures("a@b.example"));
        assertThat(svg).contains("<g class=\"series series-0\">", "<rect class=\"bar\"", "data-count=\"1\"")
                .doesNotContain("style", "fill=", "stroke=", "font-");
        assertThat(TrendChart.stylesheet()).contains(".series-0{fill:#0072B2;background-color:#0072B2}");
    }

    @Test
    void aYearLongChartIsLabelledByMonthWithTheYearAtJanuary() {
        LocalDate first = LocalDate.parse("2025-11-24");
        List<TrendFigures.Week> weeks = new java.util.ArrayList<>();
        for (int i = 0; i < 53; i++) {
            LocalDate monday = first.plusWeeks(i);
            weeks.add(new TrendFigures.Week(monday, "W" + i, i == 52 ? 3 : 0,
                    i == 52 ? Map.of("fraud/phishing", 3L) : Map.of(), Map.of()));
        }
        TrendFigures year = new TrendFigures(first, first.plusWeeks(53).minusDays(1), 3, weeks,
                List.of("fraud/phishing"), Map.of("fraud/phishing", "Fraud / Phishing"), Map.of(), List.of(), null, 0,
                null, 0, "x");
        String svg = TrendHtml.chart(year);
        assertThat(svg).contains(">Dec</text>", ">Jan 2026</text>", ">Nov</text>").doesNotContain("rotate(")
                .doesNotContain(">W3</text>");
        assertThat(svg.split("<rect class=\"bar\"", -1)).hasSize(2);
    }

    @Test
    void categoryLabelCanNotInjectMarkupIntoTheChart() {
        TrendFigures f = figures("a@b.example");
        String svg = TrendChart.svg(f, new TrendChart.Labels("<b>title</b>", category -> "<script>x</script>",
                week -> week.isoWeek(), month -> "m", (week, category) -> "/tickets?a=1&b=\"2\"", false));
        assertThat(svg).doesNotContain("<script>", "<b>").contains("&lt;script&gt;x&lt;/script&gt;",
                "href=\"/tickets?a=1&amp;b=&quot;2&quot;\"");
    }
}
