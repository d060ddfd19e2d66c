package org.csirtgateway.trends;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reports per category per week as a stacked bar chart in SVG, drawn on the server: for the {@code report} command's
 * HTML ({@link TrendHtml}) and the admin UI's dashboard. No script and no inline style: colours and type come from
 * classes ({@code series-N}, {@code bar}, {@code axis}, ...) styled by {@link #stylesheet()}, so the chart works
 * under a Content-Security-Policy without {@code 'unsafe-inline'}. Every text is escaped.
 *
 * <p>Bars are grouped per category ({@code <g class="series series-N">}); each bar carries {@code data-week} and
 * {@code data-count}, and a {@code <title>} with its figure for pointer users. Up to 16 weeks each week is labelled;
 * longer periods are labelled by month.
 */
public final class TrendChart {

    /** Colour-blind-safe palette (Okabe-Ito, without black) plus two more, cycled when there are more categories. */
    public static final List<String> COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
            "#56B4E9", "#F0E442", "#6B4C9A", "#8C6D31", "#999999");

    private static final int DENSE_AFTER_WEEKS = 16;

    /**
     * What the chart says in words, in the reader's language.
     *
     * @param title    the chart's accessible name
     * @param category a category's label
     * @param week     a week as shown in a bar's tooltip, e.g. "2026-W10 (from 2026-03-02)"
     * @param month    a month as labelled under a long chart, e.g. "Mar" or "3月" (given its first day)
     * @param link     the page listing a bar's tickets (week, category), or null for bars without links
     * @param legend   whether to draw a legend inside the SVG (a page may show its own legend in HTML instead)
     */
    public record Labels(String title, Function<String, String> category, Function<TrendFigures.Week, String> week,
                         Function<LocalDate, String> month, BiFunction<TrendFigures.Week, String, String> link,
                         boolean legend) {
    }

    private TrendChart() {
    }

    /** The class of the {@code index}-th category's colour: {@code series-0} ... */
    public static String seriesClass(int index) {
        return "series-" + index % COLOURS.size();
    }

    /** The chart's CSS: the palette (as SVG fill and as background for HTML legend swatches) and its type. */
    public static String stylesheet() {
        StringBuilder css = new StringBuilder();
        css.append(".trend-chart{font-size:11px;max-width:100%;height:auto}\n")
                .append(".trend-chart text{fill:#4a5565}\n")
                .append(".trend-chart .axis{stroke:#8a94a3;stroke-width:1}\n")
                .append(".trend-chart .grid{stroke:#e6e9ee;stroke-width:1}\n")
                .append(".trend-chart .total{fill:#1d2430;font-weight:600}\n")
                .append(".trend-chart a:hover .bar,.trend-chart a:focus .bar{opacity:.75}\n");
        for (int i = 0; i < COLOURS.size(); i++) {
            css.append('.').append(seriesClass(i)).append("{fill:").append(COLOURS.get(i))
                    .append(";background-color:").append(COLOURS.get(i)).append("}\n");
        }
        return css.toString();
    }

    /** The chart of {@code f}'s weeks and categories (in {@code f.categories()} order, bottom up). */
    public static String svg(TrendFigures f, Labels labels) {
        List<TrendFigures.Week> weeks = f.weeks();
        boolean dense = weeks.size() > DENSE_AFTER_WEEKS;
        int left = 40;
        int top = 18;
        int plotHeight = dense ? 220 : 200;
        double slot = dense ? Math.max(6.0, 900.0 / Math.max(1, weeks.size())) : 38;
        double barWidth = dense ? slot * 0.72 : 28;
        int plotWidth = (int) Math.ceil(weeks.size() * slot);
        int width = Math.max(360, left + plotWidth + 16);
        int axisLabelsHeight = dense ? 24 : 56;
        int legendTop = top + plotHeight + axisLabelsHeight;
        int legendHeight = labels.legend() ? 18 * f.categories().size() + 8 : 0;
        int height = legendTop + legendHeight;
        long max = Math.max(1, weeks.stream().mapToLong(TrendFigures.Week::total).max().orElse(1));
        long step = niceStep(max);
        long scaleMax = Math.max(step, ((max + step - 1) / step) * step);

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" role=\"img\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
                .append(' ').append(height).append("\" preserveAspectRatio=\"xMinYMin meet\">\n")
                .append("<title>").append(esc(labels.title())).append("</title>\n");
        // Horizontal grid lines with their values, then the axes.
        for (long value = 0; value <= scaleMax; value += step) {
            double y = top + plotHeight - plotHeight * (double) value / scaleMax;
            if (value > 0) {
                svg.append("<line class=\"grid\" x1=\"").append(left).append("\" y1=\"").append(fmt(y))
                        .append("\" x2=\"").append(left + plotWidth).append("\" y2=\"").append(fmt(y)).append("\"/>\n");
            }
            svg.append("<text x=\"").append(left - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(value).append("</text>\n");
        }
        svg.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(top + plotHeight)
                .append("\" x2=\"").append(left + plotWidth).append("\" y2=\"").append(top + plotHeight)
                .append("\"/>\n");

        // One group per category, bottom up, so a category's bars share its colour class.
        double[] stacked = new double[weeks.size()];
        for (int c = 0; c < f.categories().size(); c++) {
            String category = f.categories().get(c);
            StringBuilder bars = new StringBuilder();
            for (int i = 0; i < weeks.size(); i++) {
                TrendFigures.Week week = weeks.get(i);
                long count = week.category(category);
                if (count == 0) {
                    continue;
                }
                double h = plotHeight * (double) count / scaleMax;
                double y = top + plotHeight - stacked[i] - h;
                stacked[i] += h;
                String href = labels.link() == null ? null : labels.link().apply(week, category);
                if (href != null) {
                    bars.append("<a href=\"").append(esc(href)).append("\">");
                }
                bars.append("<rect class=\"bar\" x=\"").append(fmt(left + i * slot + (slot - barWidth) / 2))
                        .append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(barWidth))
                        .append("\" height=\"").append(fmt(h)).append("\" data-week=\"").append(esc(week.isoWeek()))
                        .append("\" data-count=\"").append(count).append("\"><title>")
                        .append(esc(labels.week().apply(week))).append(": ")
                        .append(esc(labels.category().apply(category))).append(' ').append(count)
                        .append("</title></rect>");
                if (href != null) {
                    bars.append("</a>");
                }
                bars.append('\n');
            }
            if (!bars.isEmpty()) {
                svg.append("<g class=\"series ").append(seriesClass(c)).append("\">\n").append(bars).append("</g>\n");
            }
        }

        // Week totals above the bars (when there is room) and the labels under the axis.
        int labelY = top + plotHeight + 14;
        double lastLabelX = -1000;
        for (int i = 0; i < weeks.size(); i++) {
            TrendFigures.Week week = weeks.get(i);
            double centre = left + i * slot + slot / 2;
            if (!dense && week.total() > 0) {
                svg.append("<text class=\"total\" x=\"").append(fmt(centre)).append("\" y=\"")
                        .append(fmt(top + plotHeight - stacked[i] - 4)).append("\" text-anchor=\"middle\">")
                        .append(week.total()).append("</text>\n");
            }
            if (!dense) {
                svg.append("<text x=\"").append(fmt(centre)).append("\" y=\"").append(labelY)
                        .append("\" text-anchor=\"end\" transform=\"rotate(-45 ").append(fmt(centre)).append(' ')
                        .append(labelY).append(")\">").append(esc(week.isoWeek())).append("</text>\n");
            } else {
                LocalDate firstOfMonth = firstOfMonthIn(week.start());
                // The first week is labelled with its month only when the next month starts weeks later.
                boolean startLabel = i == 0 && firstOfMonth == null
                        && firstOfMonthIn(week.start().plusWeeks(1)) == null
                        && firstOfMonthIn(week.start().plusWeeks(2)) == null;
                if ((firstOfMonth != null || startLabel) && centre - lastLabelX >= 34) {
                    LocalDate month = firstOfMonth != null ? firstOfMonth : week.start().withDayOfMonth(1);
                    double x = left + i * slot;
                    svg.append("<line class=\"axis\" x1=\"").append(fmt(x)).append("\" y1=\"")
                            .append(top + plotHeight).append("\" x2=\"").append(fmt(x)).append("\" y2=\"")
                            .append(top + plotHeight + 4).append("\"/>");
                    svg.append("<text x=\"").append(fmt(x + 2)).append("\" y=\"").append(labelY + 2).append("\">")
                            .append(esc(labels.month().apply(month))).append("</text>\n");
                    lastLabelX = centre;
                }
            }
        }

        if (labels.legend()) {
            for (int c = 0; c < f.categories().size(); c++) {
                String category = f.categories().get(c);
                int y = legendTop + c * 18;
                svg.append("<rect class=\"").append(seriesClass(c)).append("\" x=\"").append(left).append("\" y=\"")
                        .append(y).append("\" width=\"12\" height=\"12\"/>");
                svg.append("<text x=\"").append(left + 18).append("\" y=\"").append(y + 10).append("\">")
                        .append(esc(labels.category().apply(category))).append(" (").append(esc(category))
                        .append(")</text>\n");
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The first of a month when it falls in the week starting {@code monday}, else null. */
    private static LocalDate firstOfMonthIn(LocalDate monday) {
        for (int d = 0; d < 7; d++) {
            LocalDate day = monday.plusDays(d);
            if (day.getDayOfMonth() == 1) {
                return day;
            }
        }
        return null;
    }

    /** A step of 1, 2 or 5 times a power of ten giving about four grid lines up to {@code max}. */
    static long niceStep(long max) {
        double rough = Math.max(1.0, max / 4.0);
        long power = 1;
        while (power * 10 <= rough) {
            power *= 10;
        }
        for (long factor : new long[] {1, 2, 5, 10}) {
            if (power * factor >= rough) {
                return power * factor;
            }
        }
        return power * 10;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String esc(String text) {
        return TrendHtml.esc(text);
    }
}
