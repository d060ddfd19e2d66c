package org.csirtgateway.trends;

import java.time.Duration;
import java.util.List;

/**
 * The trend report as one self-contained HTML document: tables and a stacked bar chart drawn as inline SVG on the
 * server. No script, no external asset; every text from the database is escaped.
 */
public final class TrendHtml {

    /** Colour-blind-safe palette (Okabe-Ito) plus greys, cycled when there are more categories. */
    private static final List<String> COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
            "#56B4E9", "#F0E442", "#000000", "#999999", "#6B4C9A");
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
                        + "th:first-child,td:first-child{text-align:left}\n.muted{color:#666}\n</style>\n</head>\n"
                        + "<body>\n");
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

    /** A stacked bar per week, one colour per category, with a legend. */
    static String chart(TrendFigures f) {
        int barWidth = 28;
        int gap = 10;
        int left = 44;
        int top = 16;
        int plotHeight = 200;
        int legendTop = top + plotHeight + 56;
        int legendHeight = 18 * f.categories().size();
        int width = Math.max(360, left + f.weeks().size() * (barWidth + gap) + 16);
        int height = legendTop + legendHeight + 8;
        long max = Math.max(1, f.weeks().stream().mapToLong(TrendFigures.Week::total).max().orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">\n")
                .append("<title>Reports per category per week, ").append(f.from()).append(" to ").append(f.to())
                .append("</title>\n");
        // Axis with the maximum and zero.
        svg.append("<line x1=\"").append(left - 4).append("\" y1=\"").append(top).append("\" x2=\"").append(left - 4)
                .append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"#666\"/>\n");
        svg.append("<line x1=\"").append(left - 4).append("\" y1=\"").append(top + plotHeight).append("\" x2=\"")
                .append(width - 8).append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"#666\"/>\n");
        svg.append("<text x=\"").append(left - 8).append("\" y=\"").append(top + 4)
                .append("\" text-anchor=\"end\">").append(max).append("</text>\n");
        svg.append("<text x=\"").append(left - 8).append("\" y=\"").append(top + plotHeight)
                .append("\" text-anchor=\"end\">0</text>\n");
        for (int i = 0; i < f.weeks().size(); i++) {
            TrendFigures.Week week = f.weeks().get(i);
            int x = left + i * (barWidth + gap);
            double y = top + plotHeight;
            for (int c = 0; c < f.categories().size(); c++) {
                String category = f.categories().get(c);
                long count = week.category(category);
                if (count == 0) {
                    continue;
                }
                double h = plotHeight * (double) count / max;
                y -= h;
                svg.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"").append(fmt(y))
                        .append("\" width=\"").append(barWidth).append("\" height=\"").append(fmt(h))
                        .append("\" fill=\"").append(colour(c)).append("\"><title>").append(week.isoWeek())
                        .append(": ").append(esc(f.categoryLabels().getOrDefault(category, category))).append(' ')
                        .append(count).append("</title></rect>\n");
            }
            if (week.total() > 0) {
                svg.append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(fmt(y - 3))
                        .append("\" text-anchor=\"middle\">").append(week.total()).append("</text>\n");
            }
            int labelY = top + plotHeight + 12;
            svg.append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(labelY)
                    .append("\" text-anchor=\"end\" transform=\"rotate(-45 ").append(x + barWidth / 2).append(' ')
                    .append(labelY).append(")\">").append(week.isoWeek()).append("</text>\n");
        }
        for (int c = 0; c < f.categories().size(); c++) {
            String category = f.categories().get(c);
            int y = legendTop + c * 18;
            svg.append("<rect x=\"").append(left).append("\" y=\"").append(y).append("\" width=\"12\" height=\"12\" "
                    + "fill=\"").append(colour(c)).append("\"/>");
            svg.append("<text x=\"").append(left + 18).append("\" y=\"").append(y + 10).append("\">")
                    .append(esc(f.categoryLabels().getOrDefault(category, category))).append(" (")
                    .append(esc(category)).append(")</text>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
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

    private static String colour(int index) {
        return COLOURS.get(index % COLOURS.size());
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
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
