package org.csirtgateway.ui.dashboard;

import java.time.LocalDate;

import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.trends.TrendFigures;
import org.csirtgateway.ui.web.Format;

/**
 * The ticket lists behind the dashboard's figures: each count links to the list that holds exactly those tickets
 * (the filters without search words are answered from the database, see {@code TicketListing}).
 */
final class DashboardLinks {

    private DashboardLinks() {
    }

    static String open() {
        return "/tickets?status=" + TicketStatus.OPEN;
    }

    static String status(String status) {
        return "/tickets?status=" + Format.queryValue(status);
    }

    static String openInCategory(String category) {
        return open() + "&category=" + Format.queryValue(category);
    }

    static String receivedOn(LocalDate day) {
        return received(day, day);
    }

    static String received(LocalDate from, LocalDate to) {
        return "/tickets?from=" + from + "&to=" + to;
    }

    /** The tickets of one week of the trend (the period's ends clip its first and last week), or of one category. */
    static String week(TrendFigures trend, TrendFigures.Week week, String category) {
        if (TrendFigures.OTHER.equals(category)) {
            return null;
        }
        LocalDate from = week.start().isBefore(trend.from()) ? trend.from() : week.start();
        LocalDate end = week.start().plusDays(6);
        LocalDate to = end.isAfter(trend.to()) ? trend.to() : end;
        return received(from, to) + (category == null ? "" : "&category=" + Format.queryValue(category));
    }
}
