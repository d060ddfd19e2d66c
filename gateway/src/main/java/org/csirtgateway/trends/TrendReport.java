package org.csirtgateway.trends;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketCategory;
import org.csirtgateway.triage.Taxonomy;

/**
 * Trends over a period, from the tickets in the database: reports per category per week, in the constituency or
 * outside, the top reporting parties, and the median times to acknowledge and to triage. The command
 * {@code csirt-gateway report} renders it as HTML ({@link TrendHtml}) or CSV ({@link TrendCsv}); the dashboard
 * can use the same figures.
 */
public final class TrendReport {

    /** Longest period one report covers (about ten years), so a typo can not make it walk forever. */
    public static final int MAX_DAYS = 3660;
    public static final int TOP_REPORTERS = 10;

    /**
     * What "time to triage" measures: from a ticket's arrival to the first change of its status by an analyst
     * (ticket_events records every change). The automatic triage step takes milliseconds and says nothing
     * about the team, so it is not what is measured; tickets nobody has looked at yet are not in the median.
     */
    public static final String TRIAGE_SOURCE = "arrival to the first status change by an analyst (ticket_events, "
            + "kind 'status'); tickets still new are not counted";

    private final Database database;
    private final Taxonomy taxonomy;
    private final ZoneId zone;

    /** Days and weeks in UTC. */
    public TrendReport(Database database, Taxonomy taxonomy) {
        this(database, taxonomy, ZoneOffset.UTC);
    }

    /** Days and weeks (Monday to Sunday) in {@code zone}, e.g. the team's time zone. */
    public TrendReport(Database database, Taxonomy taxonomy, ZoneId zone) {
        this.database = database;
        this.taxonomy = taxonomy;
        this.zone = zone;
    }

    /** The time zone the report's days and weeks are in. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * A category's label in {@code language} (en or ja): the taxonomy's for a {@code class/type}, otherwise the
     * category as written (an analyst's free text, or {@value TicketCategory#UNCLASSIFIED}).
     */
    public String label(String category, String language) {
        return taxonomy.category(category).map(c -> c.label(language)).orElse(category);
    }

    private record Row(String reporter, Instant receivedAt, String category, String constituency,
                       Instant acknowledgedAt, Instant triagedAt) {
    }

    /**
     * Figures for tickets received from {@code from} 00:00 to {@code to} 24:00 in the report's time zone. A ticket's
     * category is {@link TicketCategory}'s: the analyst's if set, else triage's suggestion.
     */
    public TrendFigures compute(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days (MAX_DAYS)");
        }
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        List<Row> rows = database.read(connection -> Sql.list(connection, """
                SELECT t.reporter, t.received_at, tr.constituency, %s AS category,
                       (SELECT MIN(o.sent_at) FROM outbox o WHERE o.ticket_id = t.id AND o.kind = 'acknowledgement'
                           AND o.state = 'sent') AS acknowledged_at,
                       (SELECT MIN(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'status')
                           AS triaged_at
                  FROM tickets t LEFT JOIN ticket_triage tr ON tr.ticket_id = t.id
                 WHERE t.received_at >= ? AND t.received_at < ?
                 ORDER BY t.received_at""".formatted(TicketCategory.SQL), row -> new Row(row.getString("reporter"),
                Sql.instant(row, "received_at"), row.getString("category"), row.getString("constituency"),
                Sql.instant(row, "acknowledged_at"), Sql.instant(row, "triaged_at")), start, end));

        Map<LocalDate, Map<String, Long>> categoriesByWeek = new HashMap<>();
        Map<LocalDate, Map<String, Long>> scopesByWeek = new HashMap<>();
        Map<String, Long> categoryTotals = new HashMap<>();
        Map<String, Long> scopeTotals = new LinkedHashMap<>();
        Map<String, Long> reporters = new HashMap<>();
        List<Duration> toAcknowledge = new ArrayList<>();
        List<Duration> toTriage = new ArrayList<>();
        for (Row row : rows) {
            LocalDate week = weekOf(row.receivedAt());
            String category = row.category() == null ? TrendFigures.UNCLASSIFIED : row.category();
            String scope = row.constituency() == null ? "untriaged" : row.constituency();
            categoriesByWeek.computeIfAbsent(week, w -> new HashMap<>()).merge(category, 1L, Long::sum);
            scopesByWeek.computeIfAbsent(week, w -> new HashMap<>()).merge(scope, 1L, Long::sum);
            categoryTotals.merge(category, 1L, Long::sum);
            scopeTotals.merge(scope, 1L, Long::sum);
            reporters.merge(row.reporter(), 1L, Long::sum);
            if (row.acknowledgedAt() != null) {
                toAcknowledge.add(Duration.between(row.receivedAt(), row.acknowledgedAt()));
            }
            if (row.triagedAt() != null) {
                toTriage.add(Duration.between(row.receivedAt(), row.triagedAt()));
            }
        }
        List<TrendFigures.Week> weeks = new ArrayList<>();
        for (LocalDate week = weekOf(start); !week.isAfter(to); week = week.plusWeeks(1)) {
            Map<String, Long> byCategory = categoriesByWeek.getOrDefault(week, Map.of());
            weeks.add(new TrendFigures.Week(week, isoWeek(week),
                    byCategory.values().stream().mapToLong(Long::longValue).sum(), byCategory,
                    scopesByWeek.getOrDefault(week, Map.of())));
        }
        List<String> categories = categoryTotals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        Map<String, String> labels = new HashMap<>();
        for (String category : categories) {
            labels.put(category, label(category, "en"));
        }
        List<TrendFigures.Reporter> top = reporters.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_REPORTERS).map(e -> new TrendFigures.Reporter(e.getKey(), e.getValue())).toList();
        return new TrendFigures(from, to, rows.size(), weeks, categories, labels, scopeTotals, top,
                median(toAcknowledge), toAcknowledge.size(), median(toTriage), toTriage.size(), TRIAGE_SOURCE);
    }

    static Duration median(List<Duration> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        List<Duration> sorted = durations.stream().sorted(Comparator.naturalOrder()).toList();
        int middle = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return sorted.get(middle);
        }
        return sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    private LocalDate weekOf(Instant instant) {
        return instant.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static String isoWeek(LocalDate monday) {
        return monday.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d",
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
