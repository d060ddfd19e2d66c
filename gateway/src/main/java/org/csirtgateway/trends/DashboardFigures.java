package org.csirtgateway.trends;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The dashboard's figures at one moment. Open means not resolved and not merged into another ticket;
 * categories are {@link org.csirtgateway.ticket.TicketCategory}'s; days are in the team's time zone.
 *
 * @param asOf           when the figures were read
 * @param zone           the time zone of "today" and of the trend's weeks
 * @param today          today's date in {@code zone}
 * @param openTickets    open tickets in all
 * @param openByStatus   open tickets per status, in the order of a ticket's life, statuses without tickets included
 * @param openByCategory open tickets per category, most first (ties by name)
 * @param newToday       tickets received today (in {@code zone})
 * @param acknowledge    median time from arrival to the acknowledgement being accepted by the SMTP server
 * @param triage         median time from arrival to triage ({@link TrendReport#TRIAGE_SOURCE})
 * @param medianDays     the medians are over tickets received in this many days up to today
 * @param quarantined    messages in quarantine now
 * @param trend          reports per week per category over the last twelve months
 */
public record DashboardFigures(
        Instant asOf,
        ZoneId zone,
        LocalDate today,
        long openTickets,
        List<Count> openByStatus,
        List<Count> openByCategory,
        long newToday,
        Median acknowledge,
        Median triage,
        int medianDays,
        long quarantined,
        TrendFigures trend) {

    public DashboardFigures {
        openByStatus = List.copyOf(openByStatus);
        openByCategory = List.copyOf(openByCategory);
    }

    /** How many tickets have {@code key} (a status or a category). */
    public record Count(String key, long count) {
    }

    /**
     * A median duration and how many tickets it is over.
     *
     * @param value null when no ticket had the measured event in the period
     */
    public record Median(Duration value, int tickets) {
    }

    /** What {@link TrendReport#TRIAGE_SOURCE} says time to triage is measured to. */
    public String triageSource() {
        return trend.triageSource();
    }
}
