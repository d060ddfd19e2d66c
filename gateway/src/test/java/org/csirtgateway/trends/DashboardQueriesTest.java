package org.csirtgateway.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.Taxonomy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's figures from a real SQLite file seeded with known timestamps: open tickets by status and by
 * category, new today in the team's time zone, the medians, the quarantine and the trend; and every count equals
 * the ticket list it links to.
 */
class DashboardQueriesTest {

    /** 12:00 in Tokyo on 1 May 2026 (03:00 UTC). */
    static final Instant NOW = Instant.parse("2026-05-01T03:00:00Z");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path directory;
    Database database;
    ReportIndex index;
    DashboardQueries dashboard;

    @BeforeEach
    void seed() throws Exception {
        database = Database.open(directory.resolve("gateway.db"));
        index = ReportIndex.open(directory.resolve("index"));
        dashboard = new DashboardQueries(database, new TrendReport(database, Taxonomy.rsit(), TOKYO),
                Clock.fixed(NOW, ZoneOffset.UTC));
        // Today in Tokyo, acknowledged after 40 s, never touched by an analyst.
        ticket("T1", "2026-05-01T01:00:00Z", "new", "fraud/phishing", null, 40);
        // 00:30 in Tokyo today, but still yesterday in UTC; triaged by alice 10 minutes after arrival.
        ticket("T2", "2026-04-30T15:30:00Z", "triaged", "fraud/phishing", null, 20);
        statusEvent("T2", "2026-04-30T15:40:00Z", "new -> triaged");
        // Triage suggested brute force; the analyst categorised it as an infected system, which wins.
        ticket("T3", "2026-04-20T00:00:00Z", "incident", "intrusion-attempts/brute-force", "malware/infected-system",
                60);
        statusEvent("T3", "2026-04-20T02:00:00Z", "new -> triaged");
        statusEvent("T3", "2026-04-20T03:00:00Z", "triaged -> incident");
        // Resolved: not open.
        ticket("T4", "2026-04-10T00:00:00Z", "resolved", "fraud/phishing", null, 100);
        statusEvent("T4", "2026-04-10T00:30:00Z", "new -> triaged");
        // Merged into T3: not open, and no triage row (unclassified), never acknowledged.
        ticket("T5", "2026-04-25T00:00:00Z", "duplicate", null, null, -1);
        database.inTransaction(c -> Sql.update(c, "UPDATE tickets SET merged_into = 'T3' WHERE id = 'T5'"));
        // Old, untriaged, its acknowledgement still pending.
        ticket("T6", "2026-03-01T00:00:00Z", "new", null, null, -1);
        quarantined(2);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void openTicketsAreCountedByStatusInLifeOrderWithEmptyStatusesShown() {
        DashboardFigures figures = dashboard.figures();
        assertThat(figures.openTickets()).isEqualTo(4);
        assertThat(figures.openByStatus()).containsExactly(count("new", 2), count("triaged", 1),
                count("incident", 1), count("not-incident", 0), count("duplicate", 0));
    }

    @Test
    void openTicketsAreCountedByTheAnalystsCategoryElseTriagesSuggestion() {
        assertThat(dashboard.figures().openByCategory()).containsExactly(count("fraud/phishing", 2),
                count("malware/infected-system", 1), count("unclassified", 1));
    }

    @Test
    void newTodayCountsTheTeamsDayNotTheUtcDay() {
        DashboardFigures figures = dashboard.figures();
        assertThat(figures.today()).isEqualTo(LocalDate.parse("2026-05-01"));
        assertThat(figures.zone()).isEqualTo(TOKYO);
        assertThat(figures.newToday()).isEqualTo(2);

        DashboardQueries utc = new DashboardQueries(database, new TrendReport(database, Taxonomy.rsit()),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(utc.figures().newToday()).isEqualTo(1);
    }

    @Test
    void mediansAreComputedFromTheOutboxAndTheFirstStatusChangeOfTheLastThirtyDays() {
        DashboardFigures figures = dashboard.figures();
        // Acknowledged after 20, 40, 60 and 100 s (T6 is older than 30 days and pending anyway).
        assertThat(figures.acknowledge()).isEqualTo(new DashboardFigures.Median(Duration.ofSeconds(50), 4));
        // First status change after 10 min, 2 h and 30 min; T1 is still new.
        assertThat(figures.triage()).isEqualTo(new DashboardFigures.Median(Duration.ofMinutes(30), 3));
        assertThat(figures.medianDays()).isEqualTo(30);
        assertThat(figures.triageSource()).contains("first status change");
    }

    @Test
    void quarantineAndTrendAreCounted() {
        DashboardFigures figures = dashboard.figures();
        assertThat(figures.quarantined()).isEqualTo(2);
        TrendFigures trend = figures.trend();
        assertThat(trend.totalTickets()).isEqualTo(6);
        assertThat(trend.from()).isEqualTo(LocalDate.parse("2025-05-02"));
        assertThat(trend.to()).isEqualTo(LocalDate.parse("2026-05-01"));
        assertThat(trend.weeks()).hasSizeBetween(52, 54);
        assertThat(trend.categories()).containsExactly("fraud/phishing", "unclassified", "malware/infected-system");
        // The week of Monday 27 April in Tokyo holds T1 and T2; T3 and T5 (Saturday 25 April) the week before.
        TrendFigures.Week last = trend.weeks().get(trend.weeks().size() - 1);
        assertThat(last.start()).isEqualTo(LocalDate.parse("2026-04-27"));
        assertThat(last.byCategory()).isEqualTo(java.util.Map.of("fraud/phishing", 2L));
        assertThat(trend.weeks().get(trend.weeks().size() - 2).byCategory()).isEqualTo(java.util.Map.of(
                "malware/infected-system", 1L, "unclassified", 1L));
        assertThat(trend.weeks().stream().mapToLong(TrendFigures.Week::total).sum()).isEqualTo(6);
        assertThat(dashboard.label("fraud/phishing", "ja")).isEqualTo(Taxonomy.rsit().category("fraud/phishing")
                .orElseThrow().label("ja"));
        assertThat(dashboard.label("unclassified", "en")).isEqualTo("unclassified");
    }

    @Test
    void everyCountEqualsTheTicketListItLinksTo() throws Exception {
        TicketQueries tickets = new TicketQueries(database, index);
        DashboardFigures figures = dashboard.figures();
        assertThat(ids(tickets, filter("open", "", null, null))).containsExactly("T1", "T2", "T3", "T6");
        for (DashboardFigures.Count status : figures.openByStatus()) {
            assertThat(tickets.search(filter(status.key(), "", null, null)).total())
                    .as(status.key()).isEqualTo(status.count());
        }
        for (DashboardFigures.Count category : figures.openByCategory()) {
            assertThat(tickets.search(filter("open", category.key(), null, null)).total()).as(category.key())
                    .isEqualTo(category.count());
        }
        Instant startOfToday = figures.today().atStartOfDay(TOKYO).toInstant();
        assertThat(ids(tickets, filter("", "", startOfToday, startOfToday.plus(Duration.ofDays(1)))))
                .containsExactly("T1", "T2");
        // Any case; the analyst's category replaces the suggestion in the filter too.
        assertThat(ids(tickets, filter("OPEN", "FRAUD/Phishing", null, null))).containsExactly("T1", "T2");
        assertThat(ids(tickets, filter("", "intrusion-attempts/brute-force", null, null))).isEmpty();
        assertThat(ids(tickets, filter("", "unclassified", null, null))).containsExactly("T5", "T6");
    }

    @Test
    void statusFilterWithoutWordsSeesTheStatusAnAnalystSetAfterIndexing() throws Exception {
        TicketQueries tickets = new TicketQueries(database, index);
        assertThat(ids(tickets, filter("resolved", "", null, null))).containsExactly("T4");
        database.inTransaction(c -> Sql.update(c, "UPDATE tickets SET status = 'resolved' WHERE id = 'T3'"));
        assertThat(ids(tickets, filter("resolved", "", null, null))).containsExactly("T3", "T4");
        assertThat(ids(tickets, new SearchRequest("", "open", "", "", null, null, "", SearchRequest.Sort.OLDEST,
                10, 0))).containsExactly("T6", "T2", "T1");
    }

    private static List<String> ids(TicketQueries tickets, SearchRequest request) throws Exception {
        return tickets.search(request).tickets().stream().map(t -> t.ticket().id()).toList();
    }

    private static SearchRequest filter(String status, String category, Instant from, Instant to) {
        return new SearchRequest("", status, category, "", from, to, "", SearchRequest.Sort.RELEVANCE, 50, 0);
    }

    private static DashboardFigures.Count count(String key, long count) {
        return new DashboardFigures.Count(key, count);
    }

    /** A ticket with one report; triaged when {@code suggested} is set; acknowledged {@code ackSeconds} after. */
    private void ticket(String id, String receivedAt, String status, String suggested, String analystCategory,
                        int ackSeconds) {
        Instant received = Instant.parse(receivedAt);
        database.inTransaction(c -> {
            Sql.update(c, """
                    INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at, category)
                    VALUES (?, ?, 'reporter@example.org', 'csirt', ?, ?, ?, ?)""", id, "Report " + id, status,
                    received, received, analystCategory);
            if (suggested != null) {
                Sql.update(c, """
                        INSERT INTO ticket_triage (ticket_id, constituency, suggested_category, category_kind,
                                                   rule_explanation, triaged_at)
                        VALUES (?, 'ours', ?, 'incident', 'test rule', ?)""", id, suggested, received.plusMillis(80));
            }
            Sql.insert(c, """
                    INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, attempts, next_attempt_at,
                                        created_at, sent_at)
                    VALUES (?, 'acknowledgement', 'reporter@example.org', ?, ?, ?, 1, ?, ?, ?)""", id,
                    "ack-" + id + "@csirt.example", "ack".getBytes(StandardCharsets.US_ASCII),
                    ackSeconds < 0 ? "pending" : "sent", received, received,
                    ackSeconds < 0 ? null : received.plusSeconds(ackSeconds));
            return null;
        });
    }

    private void statusEvent(String id, String at, String detail) {
        database.inTransaction(c -> Sql.update(c, """
                INSERT INTO ticket_events (ticket_id, at, actor, kind, detail) VALUES (?, ?, 'alice', 'status', ?)""",
                id, Instant.parse(at), detail));
    }

    private void quarantined(int count) {
        database.inTransaction(c -> {
            for (int i = 0; i < count; i++) {
                Sql.insert(c, """
                        INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state, failure)
                        VALUES (?, 10, 'csirt', ?, ?, 'quarantined', 'MIME depth over the limit')""",
                        "%064x".formatted(i), "imap:INBOX:1:" + i, NOW);
            }
            Sql.insert(c, """
                    INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                    VALUES ('ff', 10, 'csirt', 'imap:INBOX:1:99', ?, 'pending')""", NOW);
            return null;
        });
    }
}
