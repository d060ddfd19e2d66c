package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard page and /api/dashboard over a real server, SQLite file and index, seeded with tickets whose
 * arrival, acknowledgement and status changes happened at known times: the figures are computed from them, each
 * count links to a ticket list of exactly that many tickets, and the chart is the same data.
 */
class DashboardTest {

    /** Noon in Tokyo on 1 May 2026. */
    static final Instant NOW = Instant.parse("2026-05-01T03:00:00Z");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    TestServer server;
    Browser browser;

    @BeforeEach
    void seed() throws IOException {
        server = new TestServer(directory, Clock.fixed(NOW, ZoneOffset.UTC), TOKYO);
        // Today in Tokyo; acknowledged after 30 s; triage suggested phishing; nobody has looked at it yet.
        ticket("CSIRT#2026-000001", "2026-05-01T01:00:00Z", 30, "fraud/phishing");
        // 00:30 today in Tokyo (still 30 April in UTC); acknowledged after 90 s; triaged after 15 minutes.
        ticket("CSIRT#2026-000002", "2026-04-30T15:30:00Z", 90, "fraud/phishing");
        change("CSIRT#2026-000002", "2026-04-30T15:45:00Z", "triaged");
        // Acknowledged after 10 s, triaged after an hour, then an incident the analyst categorised themselves.
        ticket("CSIRT#2026-000003", "2026-04-20T00:00:00Z", 10, "intrusion-attempts/brute-force");
        change("CSIRT#2026-000003", "2026-04-20T01:00:00Z", "triaged");
        change("CSIRT#2026-000003", "2026-04-20T02:00:00Z", "incident");
        commands("2026-04-20T02:01:00Z").categorize("CSIRT#2026-000003", "malware/infected-system", "alice");
        // Never acknowledged, triaged after 3 hours, then closed: not open.
        ticket("CSIRT#2026-000004", "2026-04-10T00:00:00Z", -1, null);
        change("CSIRT#2026-000004", "2026-04-10T03:00:00Z", "triaged");
        change("CSIRT#2026-000004", "2026-04-10T04:00:00Z", "not-incident");
        change("CSIRT#2026-000004", "2026-04-10T05:00:00Z", "resolved");
        server.database.inTransaction(c -> Sql.insert(c, """
                INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state, failure)
                VALUES ('ab', 10, 'csirt', 'imap:INBOX:9:1', ?, 'quarantined', 'MIME depth over the limit')""", NOW));
        browser = server.browser().signedIn();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void apiCountsOpenTicketsByStatusAndByCategory() throws IOException {
        JsonNode open = api("/api/dashboard").get("open");
        assertThat(open.get("total").asLong()).isEqualTo(3);
        assertThat(counts(open.get("byStatus"), "status")).containsExactly(Map.entry("new", 1L),
                Map.entry("triaged", 1L), Map.entry("incident", 1L), Map.entry("not-incident", 0L),
                Map.entry("duplicate", 0L));
        assertThat(counts(open.get("byCategory"), "category")).containsExactly(Map.entry("fraud/phishing", 2L),
                Map.entry("malware/infected-system", 1L));
        assertThat(open.get("byCategory").get(0).get("labels").get("ja").asText()).isEqualTo("詐欺 / フィッシング");
    }

    @Test
    void apiCountsNewTodayInTheTeamsTimeZoneAndTheMediansFromKnownTimestamps() throws IOException {
        JsonNode dashboard = api("/api/dashboard");
        assertThat(dashboard.get("timeZone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(dashboard.get("today").asText()).isEqualTo("2026-05-01");
        assertThat(dashboard.get("newToday").get("count").asLong()).isEqualTo(2);
        JsonNode medians = dashboard.get("medians");
        // Acknowledged after 10, 30 and 90 s; the fourth never was.
        assertThat(medians.get("acknowledgeSeconds").asLong()).isEqualTo(30);
        assertThat(medians.get("acknowledgedTickets").asInt()).isEqualTo(3);
        // First status change after 15 min, 1 h and 3 h; the first ticket is still new.
        assertThat(medians.get("triageSeconds").asLong()).isEqualTo(3600);
        assertThat(medians.get("triagedTickets").asInt()).isEqualTo(3);
        assertThat(dashboard.get("quarantine").get("count").asLong()).isEqualTo(1);
        JsonNode trend = dashboard.get("trend");
        assertThat(trend.get("total").asLong()).isEqualTo(4);
        assertThat(trend.get("weeks").size()).isBetween(52, 54);
        JsonNode last = trend.get("weeks").get(trend.get("weeks").size() - 1);
        assertThat(last.get("start").asText()).isEqualTo("2026-04-27");
        assertThat(last.get("byCategory").get("fraud/phishing").asLong()).isEqualTo(2);
    }

    @Test
    void everyCountLinksToAListOfExactlyThoseTickets() throws IOException {
        JsonNode dashboard = api("/api/dashboard");
        List<JsonNode> linked = new ArrayList<>();
        dashboard.get("open").get("byStatus").forEach(linked::add);
        dashboard.get("open").get("byCategory").forEach(linked::add);
        linked.add(dashboard.get("newToday"));
        for (JsonNode figure : linked) {
            String link = figure.get("link").asText();
            assertThat(link).startsWith("/tickets?");
            assertThat(api("/api" + link).get("total").asLong()).as(link).isEqualTo(figure.get("count").asLong());
        }
        assertThat(api("/api" + dashboard.get("open").get("link").asText()).get("total").asLong()).isEqualTo(3);
        assertThat(ids(api("/api" + dashboard.get("newToday").get("link").asText())))
                .containsExactly("CSIRT#2026-000001", "CSIRT#2026-000002");

        String page = browser.get("/dashboard").body();
        assertThat(page).contains("href=\"/tickets?status=open\"", "href=\"/tickets?status=triaged\"",
                "href=\"/tickets?status=open&amp;category=fraud%2Fphishing\"",
                "href=\"/tickets?from=2026-05-01&amp;to=2026-05-01\"", "href=\"/quarantine\"");
        assertThat(browser.get("/tickets?status=open&category=fraud%2Fphishing").body())
                .contains("CSIRT#2026-000001", "CSIRT#2026-000002").doesNotContain("CSIRT#2026-000003");
    }

    @Test
    void theChartIsServerRenderedSvgOfTheSameFiguresWithATableAndNoInlineStyle() {
        HttpResponse<String> response = browser.get("/dashboard");
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("<svg", "class=\"trend-chart\"", "<table class=\"trend-table\"")
                .doesNotContain("style=", "<style", "<script", " fill=\"#");
        // The bars add up to the reports of the last twelve months, per week as the API says.
        assertThat(sum(page, "data-count=\"(\\d+)\"><title>")).isEqualTo(4);
        assertThat(page).contains("data-week=\"2026-W18\" data-count=\"2\"");
        // The median times as the reader's format shows them; the quarantine asks for attention.
        assertThat(page).contains("30 s", "1 h 00 min", "class=\"card attention\"");
        // The palette comes from the stylesheet, which is served from this site.
        assertThat(browser.get("/assets/app.css").body()).contains(".series-0{fill:#0072B2");
    }

    @Test
    void aNewTeamSeesAnEmptyStateInsteadOfAnEmptyChart(@TempDir Path empty) throws IOException {
        try (TestServer fresh = new TestServer(empty, Clock.fixed(NOW, ZoneOffset.UTC), TOKYO)) {
            String page = fresh.browser().signedIn().get("/dashboard").body();
            assertThat(page).contains("No reports in the last 12 months yet", "No open tickets.")
                    .doesNotContain("<svg");
        }
    }

    @Test
    void categoryTextCanNotInjectMarkupIntoTheChart() {
        commands("2026-04-30T16:00:00Z").categorize("CSIRT#2026-000001", "<script>alert(1)</script>", "alice");
        String page = browser.get("/dashboard").body();
        assertThat(page).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    private void ticket(String id, String receivedAt, int ackSeconds, String suggested) {
        Instant received = Instant.parse(receivedAt);
        server.tickets.ticket(id, "不審なメールの報告 " + id, "tanaka@example.jp", "本文です。", received,
                ackSeconds < 0 ? null : received.plusSeconds(ackSeconds));
        if (suggested != null) {
            server.database.inTransaction(c -> Sql.update(c, """
                    INSERT INTO ticket_triage (ticket_id, constituency, suggested_category, category_kind,
                                               rule_explanation, triaged_at)
                    VALUES (?, 'ours', ?, 'incident', 'keyword', ?)""", id, suggested, received.plusMillis(50)));
        }
    }

    private void change(String id, String at, String status) {
        commands(at).changeStatus(id, status, "alice");
    }

    private TicketCommands commands(String at) {
        return new TicketCommands(server.database, new TicketIds("CSIRT#"), new TeamMailComposer(new TeamIdentity(
                "Example CSIRT", "csirt@example.org")), server.archive, Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
    }

    private JsonNode api(String path) throws IOException {
        HttpResponse<String> response = browser.get(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<Map.Entry<String, Long>> counts(JsonNode rows, String key) {
        List<Map.Entry<String, Long>> counts = new ArrayList<>();
        rows.forEach(row -> counts.add(Map.entry(row.get(key).asText(), row.get("count").asLong())));
        return counts;
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("tickets").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    private static long sum(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        long sum = 0;
        while (matcher.find()) {
            sum += Long.parseLong(matcher.group(1));
        }
        return sum;
    }
}
