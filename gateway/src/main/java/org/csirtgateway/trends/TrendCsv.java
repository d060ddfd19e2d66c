package org.csirtgateway.trends;

import java.time.Duration;

/**
 * The trend report as CSV (RFC 4180): one table with a {@code section} column, so that every figure of the HTML
 * report is in it: {@code week} rows (week, category, count), {@code constituency} rows (week, scope, count),
 * {@code reporter} rows and {@code median} rows (seconds). Reporter addresses are reporter-controlled: a cell that a
 * spreadsheet would run as a formula is prefixed with an apostrophe.
 */
public final class TrendCsv {

    private TrendCsv() {
    }

    public static String render(TrendFigures f) {
        StringBuilder csv = new StringBuilder("section,week,key,label,count\r\n");
        for (TrendFigures.Week week : f.weeks()) {
            for (String category : f.categories()) {
                long count = week.category(category);
                if (count > 0) {
                    row(csv, "week", week.isoWeek(), category, f.categoryLabels().getOrDefault(category, category),
                            Long.toString(count));
                }
            }
            for (var scope : week.byConstituency().entrySet()) {
                row(csv, "constituency", week.isoWeek(), scope.getKey(), scope.getKey(),
                        Long.toString(scope.getValue()));
            }
        }
        for (TrendFigures.Reporter reporter : f.topReporters()) {
            row(csv, "reporter", "", reporter.address(), reporter.address(), Long.toString(reporter.tickets()));
        }
        row(csv, "median", "", "acknowledge_seconds", "median time to acknowledge (" + f.acknowledgedTickets()
                + " tickets)", seconds(f.medianAcknowledge()));
        row(csv, "median", "", "triage_seconds", "median time to triage (" + f.triagedTickets() + " tickets; "
                + f.triageSource() + ")", seconds(f.medianTriage()));
        return csv.toString();
    }

    private static String seconds(Duration d) {
        return d == null ? "" : Long.toString(d.getSeconds());
    }

    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells[i]));
        }
        csv.append("\r\n");
    }

    /** Quotes when needed; defuses spreadsheet formulas (=, +, -, @, tab, CR at the start). */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
