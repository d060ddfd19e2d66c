package org.csirtgateway.ui.dashboard;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;

import org.csirtgateway.trends.DashboardFigures;
import org.csirtgateway.trends.DashboardQueries;
import org.csirtgateway.trends.TrendChart;
import org.csirtgateway.trends.TrendFigures;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Texts;
import org.csirtgateway.ui.web.Pages;

/** GET /dashboard (the page) and GET /api/dashboard (the same figures as JSON). HTTP only: the figures are
 * {@link DashboardQueries}'. */
public final class DashboardController {

    private final DashboardQueries dashboard;
    private final Pages pages;

    public DashboardController(DashboardQueries dashboard, Pages pages) {
        this.dashboard = dashboard;
        this.pages = pages;
    }

    /** GET /dashboard */
    public void page(Context ctx) {
        DashboardFigures figures = dashboard.figures();
        Texts texts = pages.texts(ctx);
        TrendFigures trend = figures.trend().withTopCategories(DashboardPage.SERIES);
        Map<String, String> labels = labels(trend.categories(), texts);
        String svg = TrendChart.svg(trend, new TrendChart.Labels(
                texts.t("dashboard.trend.chartTitle", texts.date(trend.from()), texts.date(trend.to()),
                        trend.totalTickets()),
                category -> labels.getOrDefault(category, category),
                week -> texts.t("dashboard.trend.week", texts.date(week.start()), week.isoWeek()),
                texts::month,
                (week, category) -> DashboardLinks.week(trend, week, category),
                false));
        pages.render(ctx, 200, "dashboard.jte", new DashboardPage(pages.titled(ctx, "dashboard.title"), figures,
                trend, svg, labels(figures.openByCategory().stream().map(DashboardFigures.Count::key).toList(),
                texts, labels)));
    }

    /** GET /api/dashboard */
    public void api(Context ctx) {
        DashboardFigures f = dashboard.figures();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", f.asOf());
        body.put("timeZone", f.zone().getId());
        body.put("today", f.today().toString());
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("total", f.openTickets());
        open.put("link", DashboardLinks.open());
        open.put("byStatus", f.openByStatus().stream().map(c -> ordered("status", c.key(), "count", c.count(),
                "link", DashboardLinks.status(c.key()))).toList());
        open.put("byCategory", f.openByCategory().stream().map(c -> ordered("category", c.key(), "labels",
                labelsOf(c.key()), "count", c.count(), "link", DashboardLinks.openInCategory(c.key()))).toList());
        body.put("open", open);
        body.put("newToday", ordered("count", f.newToday(), "link", DashboardLinks.receivedOn(f.today())));
        Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("days", f.medianDays());
        medians.put("acknowledgeSeconds", f.acknowledge().value() == null ? null : f.acknowledge().value().toSeconds());
        medians.put("acknowledgedTickets", f.acknowledge().tickets());
        medians.put("triageSeconds", f.triage().value() == null ? null : f.triage().value().toSeconds());
        medians.put("triagedTickets", f.triage().tickets());
        medians.put("triageMeasures", f.triageSource());
        body.put("medians", medians);
        body.put("quarantine", ordered("count", f.quarantined(), "link", "/quarantine"));
        TrendFigures trend = f.trend();
        Map<String, Object> trendJson = new LinkedHashMap<>();
        trendJson.put("from", trend.from().toString());
        trendJson.put("to", trend.to().toString());
        trendJson.put("total", trend.totalTickets());
        trendJson.put("categories", trend.categories().stream().map(c -> ordered("category", c, "labels", labelsOf(c),
                "total", trend.total(c))).toList());
        trendJson.put("weeks", trend.weeks().stream().map(week -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("week", week.isoWeek());
            row.put("start", week.start().toString());
            row.put("total", week.total());
            row.put("byCategory", new java.util.TreeMap<>(week.byCategory()));
            return row;
        }).toList());
        body.put("trend", trendJson);
        ctx.json(body);
    }

    /** A JSON object whose fields keep the order given (name, value, name, value ...), as docs/api.md shows them. */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    private Map<String, String> labelsOf(String category) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Language language : Language.values()) {
            labels.put(language.code(), label(category, textsIn(language)));
        }
        return labels;
    }

    private static Texts textsIn(Language language) {
        return org.csirtgateway.ui.i18n.Messages.bundled().texts(language, java.time.ZoneOffset.UTC);
    }

    private Map<String, String> labels(List<String> categories, Texts texts) {
        return labels(categories, texts, Map.of());
    }

    private Map<String, String> labels(List<String> categories, Texts texts, Map<String, String> known) {
        Map<String, String> labels = new HashMap<>(known);
        for (String category : categories) {
            labels.put(category, label(category, texts));
        }
        return labels;
    }

    /** A category's label: the UI's words for "unclassified" and "other", else the taxonomy's in that language. */
    private String label(String category, Texts texts) {
        if (TrendFigures.UNCLASSIFIED.equals(category)) {
            return texts.t("category.unclassified");
        }
        if (TrendFigures.OTHER.equals(category)) {
            return texts.t("category.other");
        }
        return dashboard.label(category, texts.lang());
    }
}
