package org.csirtgateway.trends;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketCategory;
import org.csirtgateway.ticket.TicketStatus;

/**
 * The read side of the admin UI's dashboard: open tickets by status and by category, tickets new today,
 * the median times to acknowledge and to triage, the quarantine and the trend of the last twelve months. The trend
 * and the medians are {@link TrendReport}'s, so the dashboard and the {@code report} command never disagree.
 */
public final class DashboardQueries {

    /** The medians are over tickets received in the last 30 days (today included): recent enough to act on. */
    public static final int MEDIAN_DAYS = 30;

    private final Database database;
    private final TrendReport trends;
    private final Clock clock;

    /** @param trends the trend report in the team's time zone ({@link TrendReport#zone()} is the dashboard's) */
    public DashboardQueries(Database database, TrendReport trends, Clock clock) {
        this.database = database;
        this.trends = trends;
        this.clock = clock;
    }

    /** The time zone of the dashboard's "today" and weeks. */
    public ZoneId zone() {
        return trends.zone();
    }

    /** A category's label in {@code language} (en or ja); see {@link TrendReport#label}. */
    public String label(String category, String language) {
        return trends.label(category, language);
    }

    /** The figures now. */
    public DashboardFigures figures() {
        Instant now = clock.instant();
        ZoneId zone = trends.zone();
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant startOfToday = today.atStartOfDay(zone).toInstant();
        Instant startOfTomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
        record Open(Map<String, Long> byStatus, List<DashboardFigures.Count> byCategory, long newToday,
                    long quarantined) {
        }
        Open open = database.read(connection -> new Open(
                Sql.list(connection, "SELECT t.status, COUNT(*) FROM tickets t WHERE " + TicketStatus.OPEN_SQL
                                + " GROUP BY t.status", row -> Map.entry(row.getString(1), row.getLong(2)))
                        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                // (not "AS category": GROUP BY would take the tickets.category column of that name)
                Sql.list(connection, "SELECT " + TicketCategory.SQL + " AS effective, COUNT(*) AS n FROM tickets t"
                                + " LEFT JOIN ticket_triage tr ON tr.ticket_id = t.id WHERE " + TicketStatus.OPEN_SQL
                                + " GROUP BY effective ORDER BY n DESC, effective",
                        row -> new DashboardFigures.Count(row.getString("effective"), row.getLong("n"))),
                Sql.count(connection, "SELECT COUNT(*) FROM tickets WHERE received_at >= ? AND received_at < ?",
                        startOfToday, startOfTomorrow),
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'")));

        List<DashboardFigures.Count> byStatus = new ArrayList<>();
        for (TicketStatus status : TicketStatus.values()) {
            if (status.open()) {
                byStatus.add(new DashboardFigures.Count(status.dbName(), open.byStatus().getOrDefault(status.dbName(),
                        0L)));
            }
        }
        // Statuses the database holds that this version does not know are still counted, after the known ones.
        open.byStatus().keySet().stream().filter(name -> TicketStatus.parse(name).isEmpty()).sorted()
                .forEach(name -> byStatus.add(new DashboardFigures.Count(name, open.byStatus().get(name))));
        long openTickets = open.byStatus().values().stream().mapToLong(Long::longValue).sum();

        TrendFigures recent = trends.compute(today.minusDays(MEDIAN_DAYS - 1), today);
        TrendFigures year = trends.compute(today.minusYears(1).plusDays(1), today);
        return new DashboardFigures(now, zone, today, openTickets, byStatus, open.byCategory(), open.newToday(),
                new DashboardFigures.Median(recent.medianAcknowledge(), recent.acknowledgedTickets()),
                new DashboardFigures.Median(recent.medianTriage(), recent.triagedTickets()), MEDIAN_DAYS,
                open.quarantined(), year);
    }
}
