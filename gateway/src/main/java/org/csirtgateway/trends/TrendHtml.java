package org.csirtgateway.trends;

import java.time.Duration;
import java.util.List;

/**
 * The trend report as one self-contained HTML document: tables and a stacked bar chart drawn as inline SVG on the
 * server. No script, no external asset; every text from the database is escaped.
 */
public final class TrendHtml {

    private static final List<String> SCOPES = List.of("ours", "outside", "unknown", "untriaged");

    private TrendHtml() {
    }

    public static String render(TrendFigures f, String teamName) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(teamName)).append(" · Trends ").append(f.from()).append(" to ").append(f.to())
                .append("</title>\n<style>\nbody{font-family:system-ui,\"Noto Sans CJK JP\",sans-serif;max-width:60rem;"
                        + "margin:2rem auto;padding:0 1rem;color:#1b1b1b}\ntable{border-collapse:collapse;margin:1rem 0}"
                        + "\nth,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}\n"
                        + "th:first-child,td:first-child{text-align:left}\n.muted{color:#666}\n")
                .append(TrendChart.stylesheet()).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(esc(teamName)).append(": reports ").append(f.from()).append(" to ").append(f.to())
                .append("</h1>\n");
        html.append("<p>").append(f.totalTickets()).append(" tickets. Median time to acknowledge: <strong>")
                .append(duration(f.medianAcknowledge())).append("</strong> (").append(f.acknowledgedTickets())
                .append(" acknowledged). Median time to triage: <strong>").append(duration(f.medianTriage()))
                .append("</strong> (").append(f.triagedTickets()).append(" triaged; ").append(esc(f.triageSource()))
                .append(").</p>\n");

        html.append("<h2>Reports per category per week</h2>\n");
        html.append(chart(f));
        html.append("<table>\n<thead><tr><th>Week</th>");
        for (String category : f.categories()) {
            html.append("<th>").append(esc(f.categoryLabels().getOrDefault(category, category))).append("</th>");
        }
        html.append("<th>Total</th></tr></thead>\n<tbody>\n");
        for (TrendFigures.Week week : f.weeks()) {
            html.append("<tr><td>").append(week.isoWeek()).append(" <span class=\"muted\">(").append(week.start())
                    .append(")</span></td>");
            for (String category : f.categories()) {
                html.append("<td>").append(week.category(category)).append("</td>");
            }
            html.append("<td>").append(week.total()).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");

        html.append("<h2>In the constituency or outside</h2>\n<table>\n<thead><tr><th>Week</th>");
        for (String scope : SCOPES) {
            html.append("<th>").append(scope).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (TrendFigures.Week week : f.weeks()) {
            html.append("<tr><td>").append(week.isoWeek()).append("</td>");
            for (String scope : SCOPES) {
                html.append("<td>").append(week.constituency(scope)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr><td><strong>Period</strong></td>");
        for (String scope : SCOPES) {
            html.append("<td><strong>").append(f.byConstituency().getOrDefault(scope, 0L)).append("</strong></td>");
        }
        html.append("</tr>\n</tbody>\n</table>\n");

        html.append("<h2>Top reporting parties</h2>\n<table>\n<thead><tr><th>Reporter</th><th>Tickets</th></tr>"
                + "</thead>\n<tbody>\n");
        for (TrendFigures.Reporter reporter : f.topReporters()) {
            html.append("<tr><td>").append(esc(reporter.address())).append("</td><td>").append(reporter.tickets())
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The stacked bar chart ({@link TrendChart}) with English labels and its legend inside the SVG. */
    static String chart(TrendFigures f) {
        return TrendChart.svg(f, new TrendChart.Labels(
                "Reports per category per week, " + f.from() + " to " + f.to(),
                category -> f.categoryLabels().getOrDefault(category, category),
                week -> week.isoWeek(),
                TrendHtml::month,
                null,
                true));
    }

    /** "Mar", or "Jan 2027" at the start of a year. */
    static String month(java.time.LocalDate firstDay) {
        String name = firstDay.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH);
        return firstDay.getMonthValue() == 1 ? name + " " + firstDay.getYear() : name;
    }

    /** "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h", or "n/a". */
    public static String duration(Duration d) {
        if (d == null) {
            return "n/a";
        }
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + String.format("%02d", (seconds % 3600) / 60) + " min";
        }
        return seconds / 86_400 + " d " + (seconds % 86_400) / 3600 + " h";
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
