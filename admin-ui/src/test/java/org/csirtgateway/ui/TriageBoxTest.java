package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.ArchivedMessage;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.profile.ProfileFile;
import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.profile.TeamProfileLoader;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.ExampleProfile;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.triage.ExtractedIndicatorSource;
import org.csirtgateway.triage.TriageEngine;
import org.csirtgateway.triage.TriageSettings;
import org.csirtgateway.triage.TriageStore;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.Sessions;
import org.csirtgateway.ui.auth.UserAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Triage box on the ticket page and the triage in the API, with the forward to a partner team. Indicators are
 * reporter-controlled: the box shows them as inert text.
 */
class TriageBoxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUTSIDE = "CSIRT#2026-000001";
    private static final String PHISHING = "CSIRT#2026-000002";

    @TempDir
    Path dir;
    private Database database;
    private ReportIndex index;
    private AdminServer server;
    private UserAccounts accounts;

    @BeforeEach
    void start() throws Exception {
        database = Database.open(dir.resolve("gateway.db"));
        index = ReportIndex.open(dir.resolve("index"));
        RawArchive archive = new RawArchive(dir.resolve("archive"), database);
        accounts = new UserAccounts(database, Clock.systemUTC());
        accounts.addUser(TestServer.USER, TestServer.PASSWORD.toCharArray(), Role.ANALYST);
        accounts.addUser("reader", TestServer.PASSWORD.toCharArray(), Role.READ_ONLY);

        ProfileFile file = ProfileFile.read(ExampleProfile.path());
        TeamProfile profile = new TeamProfileLoader(new TeamIdentity("Example CSIRT", "csirt@example.org"))
                .load(file);
        TriageSettings settings = TriageSettings.read(file);
        TriageStore store = new TriageStore(profile, settings.taxonomy());
        TriageEngine engine = new TriageEngine(profile, settings, new ExtractedIndicatorSource());
        AttachmentStore attachments = new AttachmentStore(dir.resolve("attachments"), database);
        TicketFixture tickets = new TicketFixture(database, index, attachments);

        ticket(tickets, archive, store, engine, OUTSIDE, "Brute force against our VPN",
                "Brute force from 203.0.113.77 and <b>x</b>.isp.example<script>alert(1)</script>");
        ticket(tickets, archive, store, engine, PHISHING, "Phishing mail to staff",
                "Link to hxxps://login[.]evil.example/ asks for passwords.");

        CoordinationService coordination = new CoordinationService(database, archive, profile, store,
                new TicketIds("CSIRT#"), Clock.systemUTC());
        server = new AdminServer(new AdminSettings("127.0.0.1", 0, false, "Example CSIRT"),
                AdminServices.of(database, new TicketQueries(database, index, attachments), accounts,
                        new Sessions(database, Clock.systemUTC()), () -> new HealthReport("ok", List.of(), 0, 0, 0),
                        new TicketCommands(database, new TicketIds("CSIRT#"), new TeamMailComposer(new TeamIdentity(
                                "Example CSIRT", "csirt@example.org")), archive, Clock.systemUTC()))
                        .withCoordination(coordination));
        server.start();
    }

    private void ticket(TicketFixture tickets, RawArchive archive, TriageStore store, TriageEngine engine,
                        String id, String subject, String body) throws IOException, org.csirtgateway.parse.ParseException {
        tickets.ticket(id, subject, "soc@bank.example", body, Instant.parse("2026-03-01T10:00:00Z"), null);
        String raw = "From: soc@bank.example\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n";
        ArchivedMessage stored = archive.store(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        ParsedReport report = new org.csirtgateway.parse.ReportParser().parse(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        database.inTransaction(connection -> {
            Sql.update(connection, "UPDATE raw_messages SET sha256 = ? WHERE id = (SELECT raw_id FROM messages "
                    + "WHERE ticket_id = ?)", stored.sha256(), id);
            store.save(connection, id, engine.triage(report, List.of()), List.of(), Instant.now());
            return null;
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.stop();
        index.close();
    }

    private Browser browser() {
        return new Browser(server.url());
    }

    @Test
    void theTicketPageShowsTheSuggestedCategoryWithItsRule() {
        String page = browser().signedIn().get("/tickets/CSIRT%232026-000002").body();
        assertThat(page).contains("<h2>Triage</h2>").contains("Fraud / Phishing").contains("詐欺 / フィッシング")
                .contains("phishing-report").contains("keyword 'phishing'").contains("priority-high");
    }

    @Test
    void anOutsideReportShowsThePartnerAndAForwardButton() {
        String page = browser().signedIn().get("/tickets/CSIRT%232026-000001").body();
        assertThat(page).contains("scope-outside").contains("Example ISP Abuse Team")
                .contains("action=\"/tickets/CSIRT%232026-000001/coordinate\"")
                .contains("Forward to Example ISP Abuse Team");
    }

    @Test
    void reportedIndicatorCanNotInjectMarkupIntoTheTriageBox() {
        String page = browser().signedIn().get("/tickets/CSIRT%232026-000001").body();
        assertThat(page).doesNotContain("<script>alert(1)</script>").doesNotContain("<b>x</b>");
    }

    @Test
    void theApiTicketCarriesItsTriage() throws IOException {
        String token = accounts.createApiToken(TestServer.USER, "t");
        JsonNode ticket = JSON.readTree(browser().get("/api/tickets/CSIRT%232026-000001",
                "Authorization", "Bearer " + token).body());
        JsonNode triage = ticket.get("triage");
        assertThat(triage.get("constituency").asText()).isEqualTo("outside");
        assertThat(triage.get("partner").asText()).isEqualTo("Example ISP Abuse Team");
        assertThat(triage.get("coordinationSuggested").asBoolean()).isTrue();
        assertThat(triage.get("category").asText()).isEqualTo("intrusion-attempts/brute-force");
        assertThat(triage.get("rule").asText()).isEqualTo("brute-force");
        assertThat(triage.get("indicators").get(0).get("value").asText()).isEqualTo("203.0.113.77");
    }

    @Test
    void theApiQueuesAForwardToTheSuggestedPartner() throws IOException {
        String token = accounts.createApiToken(TestServer.USER, "t");
        HttpResponse<String> response = browser().send("POST", "/api/tickets/CSIRT%232026-000001/coordinate", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("recipient").asText()).isEqualTo("abuse@isp.example");
        long queued = database.read(c -> Sql.count(c,
                "SELECT COUNT(*) FROM outbox WHERE kind = 'coordination' AND recipient = 'abuse@isp.example'"));
        assertThat(queued).isEqualTo(1);
    }

    @Test
    void theForwardButtonQueuesTheForwardAndListsIt() {
        Browser analyst = browser().signedIn();
        String csrf = Browser.csrfField(analyst.get("/tickets/CSIRT%232026-000001").body());
        HttpResponse<String> posted = analyst.post("/tickets/CSIRT%232026-000001/coordinate",
                Map.of("csrf", csrf, "partner", "Example ISP Abuse Team"));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(analyst.get("/tickets/CSIRT%232026-000001").body()).contains("<h3>Forwards</h3>")
                .contains("by alice");
    }

    @Test
    void aForwardWithoutCsrfTokenIsRefused() {
        Browser analyst = browser().signedIn();
        assertThat(analyst.post("/tickets/CSIRT%232026-000001/coordinate", Map.of("partner", "x")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aReadOnlyUserCanNotForward() throws IOException {
        String token = accounts.createApiToken("reader", "t");
        HttpResponse<String> response = browser().send("POST", "/api/tickets/CSIRT%232026-000001/coordinate", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aForwardWithoutAResponsiblePartnerIsABadRequestWithTheReason() throws IOException {
        String token = accounts.createApiToken(TestServer.USER, "t");
        HttpResponse<String> response = browser().send("POST", "/api/tickets/CSIRT%232026-000002/coordinate", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("No partner team is responsible");
    }
}
