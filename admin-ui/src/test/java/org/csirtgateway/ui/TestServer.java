package org.csirtgateway.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.config.LoopbackMailConfig;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.store.Database;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.store.Database;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.Sessions;
import org.csirtgateway.ui.auth.UserAccounts;

/** A real admin server on a free port over a real SQLite file and Lucene index in a temporary directory. */
final class TestServer implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "correct horse battery staple";
    /** An admin (alice is an analyst). */
    static final String ADMIN = "ada";
    static final String ADMIN_PASSWORD = "admin horse battery staple";
    /** The value of every secret in the server's configuration: it must never appear in a response. */
    static final String CONFIG_SECRET = "Tr0mbone-Marmalade-4471-SECRET";

    final Path databaseFile;
    final Database database;
    final ReportIndex index;
    final UserAccounts accounts;
    final Sessions sessions;
    final TicketFixture tickets;
    final AttachmentStore attachments;
    final AdminServer server;
    final TicketSearchService search;
    final RawArchive archive;
    final GatewayMetrics metrics;
    /** The data directory's pipeline and services, built as the gateway builds them. */
    final GatewayCore core;
    final Quarantine quarantine;
    /** When set, the health source fails with it (to see how unexpected failures are answered). */
    volatile RuntimeException healthFailure;

    TestServer(Path directory) throws IOException {
        this(directory, false);
    }

    TestServer(Path directory, boolean secureCookies) throws IOException {
        this(directory, secureCookies, Clock.systemUTC(), java.time.ZoneOffset.UTC);
    }

    /** With the dashboard's "now" and the team's time zone given. */
    TestServer(Path directory, Clock dashboardClock, java.time.ZoneId teamZone) throws IOException {
        this(directory, false, dashboardClock, teamZone);
    }

    private TestServer(Path directory, boolean secureCookies, Clock dashboardClock, java.time.ZoneId teamZone)
            throws IOException {
        GatewayConfig configuration = configuration(directory);
        core = new GatewayCore(configuration, Clock.systemUTC(), GatewayCore.Commits.EACH_BATCH);
        databaseFile = configuration.databaseFile();
        database = core.database();
        index = core.index();
        accounts = new UserAccounts(database, Clock.systemUTC());
        sessions = new Sessions(database, Clock.systemUTC());
        attachments = core.attachments();
        archive = core.archive();
        metrics = core.metrics();
        tickets = new TicketFixture(database, index, attachments, archive);
        accounts.addUser(USER, PASSWORD.toCharArray(), Role.ANALYST);
        accounts.addUser(ADMIN, ADMIN_PASSWORD.toCharArray(), Role.ADMIN);
        TicketQueries queries = core.tickets();
        search = core.search();
        quarantine = core.quarantine();
        server = new AdminServer(new AdminSettings("127.0.0.1", 0, secureCookies, "Example CSIRT"),
                AdminServices.of(database, queries, accounts, sessions,
                () -> {
                    if (healthFailure != null) {
                        throw healthFailure;
                    }
                    return new HealthReport("ok", List.of(new ChannelHealth("csirt", true, null, null)), 0, 0, 0);
                },
                new TicketCommands(database, new TicketIds("CSIRT#"), new TeamMailComposer(new TeamIdentity(
                        "Example CSIRT", "csirt@example.org")), archive, Clock.systemUTC()))
                .withSearch(search).withOperations(quarantine, metrics.registry()::scrape)
                .withConfiguration(configuration.effective())
                .withDashboard(new org.csirtgateway.trends.DashboardQueries(database,
                        new org.csirtgateway.trends.TrendReport(database, org.csirtgateway.triage.Taxonomy.rsit(),
                                teamZone), dashboardClock)));
        server.start();
    }

    /**
     * A configuration like a deployment's: the IMAP password from the file, the SMTP password and the PGP passphrase
     * from the environment, all {@link #CONFIG_SECRET}.
     */
    private static GatewayConfig configuration(Path directory) {
        Map<String, String> values = new LoopbackMailConfig("Example CSIRT", "csirt@example.org", CONFIG_SECRET,
                1143, 1025, directory, directory.resolve("templates")).values();
        values.put("smtp.user", "mailer");
        values.put("acknowledgement.enabled", "false"); // no reporter to answer, and no templates in the directory
        values.put("imap.trustStorePassword", CONFIG_SECRET + "-truststore");
        return new ConfigLoader(Map.of("CSIRT_SMTP_PASSWORD", CONFIG_SECRET + "-smtp",
                "CSIRT_PGP_PASSPHRASE", CONFIG_SECRET + "-pgp")).fromValues(values);
    }

    Browser browser() {
        return new Browser(server.url());
    }

    @Override
    public void close() throws IOException {
        server.stop();
        core.close();
    }
}
