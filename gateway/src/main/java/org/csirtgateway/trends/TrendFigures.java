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
    /** The category the categories beyond the most frequent ones are added up in ({@link #withTopCategories}). */
    public static final String OTHER = "(other)";

    public TrendFigures {
        weeks = List.copyOf(weeks);
        categories = List.copyOf(categories);
        categoryLabels = Map.copyOf(categoryLabels);
        byConstituency = Map.copyOf(byConstituency);
        topReporters = List.copyOf(topReporters);
    }

    /**
     * These figures with only the {@code keep} most frequent categories (a chart has that many colours); the others
     * are added up as {@link #OTHER}, which is last. Totals do not change.
     */
    public TrendFigures withTopCategories(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one category, not " + keep);
        }
        if (categories.size() <= keep) {
            return this;
        }
        List<String> kept = categories.subList(0, keep - 1);
        java.util.Set<String> keptSet = java.util.Set.copyOf(kept);
        List<String> grouped = new java.util.ArrayList<>(kept);
        grouped.add(OTHER);
        List<Week> groupedWeeks = weeks.stream().map(week -> {
            Map<String, Long> byCategory = new java.util.HashMap<>();
            week.byCategory().forEach((category, count) ->
                    byCategory.merge(keptSet.contains(category) ? category : OTHER, count, Long::sum));
            return new Week(week.start(), week.isoWeek(), week.total(), byCategory, week.byConstituency());
        }).toList();
        Map<String, String> labels = new java.util.HashMap<>(categoryLabels);
        labels.keySet().retainAll(keptSet);
        labels.put(OTHER, "Other");
        return new TrendFigures(from, to, totalTickets, groupedWeeks, grouped, labels, byConstituency, topReporters,
                medianAcknowledge, acknowledgedTickets, medianTriage, triagedTickets, triageSource);
    }

    /** Reports of a category over the whole period. */
    public long total(String category) {
        return weeks.stream().mapToLong(week -> week.category(category)).sum();
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
