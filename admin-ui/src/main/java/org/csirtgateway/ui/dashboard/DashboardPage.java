package org.csirtgateway.ui.dashboard;

import java.util.List;
import java.util.Map;

import org.csirtgateway.trends.DashboardFigures;
import org.csirtgateway.trends.TrendChart;
import org.csirtgateway.trends.TrendFigures;
import org.csirtgateway.ui.i18n.Texts;
import org.csirtgateway.ui.web.Chrome;

/**
 * The dashboard: the figures, the trend chart (server-rendered SVG, {@link TrendChart}) and its legend and table, in
 * the reader's language, each count with the link to its tickets.
 *
 * @param trend     the trend with at most {@link #SERIES} categories (the rest added up as "other")
 * @param chartSvg  the chart; every text in it is escaped by {@link TrendChart}
 * @param labels    category labels in the reader's language, by category
 */
public record DashboardPage(Chrome chrome, DashboardFigures figures, TrendFigures trend, String chartSvg,
                            Map<String, String> labels) {

    /** The chart's categories: as many as it has distinct colours. */
    public static final int SERIES = TrendChart.COLOURS.size();

    public DashboardPage {
        labels = Map.copyOf(labels);
    }

    /** One entry of the chart's legend. */
    public record LegendItem(String category, String label, String seriesClass, long total, String href) {
    }

    public List<LegendItem> legend() {
        List<String> categories = trend.categories();
        return java.util.stream.IntStream.range(0, categories.size())
                .mapToObj(i -> new LegendItem(categories.get(i), label(categories.get(i)), TrendChart.seriesClass(i),
                        trend.total(categories.get(i)), TrendFigures.OTHER.equals(categories.get(i)) ? null
                        : DashboardLinks.received(trend.from(), trend.to()) + "&category="
                        + org.csirtgateway.ui.web.Format.queryValue(categories.get(i))))
                .toList();
    }

    public String label(String category) {
        return labels.getOrDefault(category, category);
    }

    /** Whether a category has a label of its own (a taxonomy class/type): its id is then shown beside the label. */
    public boolean isTaxonomyCategory(String category) {
        return category.contains("/") && !label(category).equals(category);
    }

    public boolean hasReports() {
        return trend.totalTickets() > 0;
    }

    /** Tickets with this share of the open ones, as a whole percentage (for the bars beside the counts). */
    public long percentOfOpen(long count) {
        return figures.openTickets() == 0 ? 0 : Math.round(100.0 * count / figures.openTickets());
    }

    public String openHref() {
        return DashboardLinks.open();
    }

    public String statusHref(String status) {
        return DashboardLinks.status(status);
    }

    public String categoryHref(String category) {
        return DashboardLinks.openInCategory(category);
    }

    public String newTodayHref() {
        return DashboardLinks.receivedOn(figures.today());
    }

    public String trendHref() {
        return DashboardLinks.received(trend.from(), trend.to());
    }

    /** The tickets of a week, or of one category in it (null for the "other" categories). */
    public String weekHref(TrendFigures.Week week, String category) {
        return DashboardLinks.week(trend, week, category);
    }

    /** A week as the table shows it: its Monday in the reader's format. */
    public String week(TrendFigures.Week week, Texts texts) {
        return texts.t("dashboard.trend.week", texts.date(week.start()), week.isoWeek());
    }
}
