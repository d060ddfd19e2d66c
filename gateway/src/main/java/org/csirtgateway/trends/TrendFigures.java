package org.csirtgateway.trends;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a trend report over [from, to] (UTC dates, inclusive). Reporter addresses are
 * reporter-controlled: escape them wherever they are shown.
 *
 * @param weeks            one row per ISO week (Monday start) in the period, oldest first, including empty weeks
 * @param categories       every category seen, most frequent first ("unclassified" when no rule fired)
 * @param topReporters     the reporting parties with most tickets, most first
 * @param medianAcknowledge median time from a ticket's arrival to its acknowledgement being sent, or null
 * @param medianTriage     median time from arrival to triage, or null
 * @param triageSource     what "triage" is measured to, in words
 */
public record TrendFigures(
        LocalDate from,
        LocalDate to,
        long totalTickets,
        List<Week> weeks,
        List<String> categories,
        Map<String, String> categoryLabels,
        Map<String, Long> byConstituency,
        List<Reporter> topReporters,
        Duration medianAcknowledge,
        int acknowledgedTickets,
        Duration medianTriage,
        int triagedTickets,
        String triageSource) {

    public static final String UNCLASSIFIED = org.csirtgateway.ticket.TicketCategory.UNCLASSIFIED;

    public TrendFigures {
        weeks = List.copyOf(weeks);
        categories = List.copyOf(categories);
        categoryLabels = Map.copyOf(categoryLabels);
        byConstituency = Map.copyOf(byConstituency);
        topReporters = List.copyOf(topReporters);
    }

    /**
     * One ISO week.
     *
     * @param byCategory     tickets per category
     * @param byConstituency tickets per constituency (ours, outside, unknown, untriaged)
     */
    public record Week(LocalDate start, String isoWeek, long total, Map<String, Long> byCategory,
                       Map<String, Long> byConstituency) {
        public Week {
            byCategory = Map.copyOf(byCategory);
            byConstituency = Map.copyOf(byConstituency);
        }

        public long category(String id) {
            return byCategory.getOrDefault(id, 0L);
        }

        public long constituency(String scope) {
            return byConstituency.getOrDefault(scope, 0L);
        }
    }

    public record Reporter(String address, long tickets) {
    }
}
