package org.csirtgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.csirtgateway.ack.AcknowledgementComposer;
import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.ack.AcknowledgementTemplates;
import org.csirtgateway.ack.OutboxSender;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.archive.RawHeaders;
import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.crypto.PgpLimits;
import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.TeamKeyLoader;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.fetch.ImapPoller;
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.intake.IndexCommits;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.indicator.IndicatorExtractor;
import org.csirtgateway.parse.IntakeLimits;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.intake.IntakeWorker;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.search.Reindexer;
import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.search.TicketIndexUpdates;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ticket.TicketService;
import org.csirtgateway.trends.TrendReport;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.triage.TeamDefinitions;
import org.csirtgateway.triage.ExtractedIndicatorSource;
import org.csirtgateway.triage.TriageEngine;
import org.csirtgateway.triage.TriageStep;
import org.csirtgateway.triage.TriageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the intake pipeline by constructor, in pipeline order: IMAP poller -> raw archive + database -> parser ->
 * tickets + acknowledgement outbox -> index; and the outbox sender beside it. No global state: two gateways can run
 * in one JVM.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Database database;
    private final ReportIndex index;
    private final IntakePipeline pipeline;
    private final List<ImapPoller> pollers;
    private final IntakeWorker worker;
    private final OutboxSender outboxSender;
    private final TicketQueries queries;
    private final TicketCommands commands;
    private final SimilarTickets similarTickets;
    private final TicketSearchService searchService;
    private final ScheduledExecutorService outboxSchedule;
    private final TeamDefinitions definitions;
    private final CoordinationService coordination;
    private final TeamKeys teamKeys;
    private final ReporterKeys reporterKeys;
    private final GatewayMetrics metrics;
    private final Quarantine quarantine;
    private final IndexCommits indexCommits;
    private final Clock clock;

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.databaseFile());
        RawArchive archive;
        try {
            archive = new RawArchive(config.archiveDir(), database);
            this.index = Reindexer.openOrRebuild(config.indexDir(), database);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the data directory " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
        TicketService tickets = new TicketService(new TicketIds(config.ticketPrefix()),
                config.legacyTagPatterns());
        Optional<AcknowledgementComposer> composer = Optional.empty();
        if (config.acknowledgements().enabled()) {
            try {
                composer = Optional.of(new AcknowledgementComposer(config.team(), AcknowledgementTemplates.load(
                        config.acknowledgements().templateDir(), config.acknowledgements().defaultLanguage())));
            } catch (IOException e) {
                throw new ConfigException("Key 'acknowledgement.templates': " + e.getMessage(), e);
            }
        }
        java.util.Set<String> ownAddresses = new java.util.HashSet<>();
        ownAddresses.add(config.team().address());
        config.channels().forEach(channel -> ownAddresses.add(channel.user()));
        AcknowledgementPolicy policy = new AcknowledgementPolicy(ownAddresses, config.acknowledgements().rateLimit());
        this.metrics = new GatewayMetrics();
        this.indexCommits = IndexCommits.deferred(index);
        this.similarTickets = new SimilarTickets(database, index, config.search(), clock);
        this.reporterKeys = new ReporterKeys(database);
        this.teamKeys = TeamKeyLoader.load(config.pgp());
        CryptoStage crypto = new CryptoStage(teamKeys, reporterKeys, PgpLimits.DEFAULT);
        // Issue 9: triage by the team's own definitions, right after ticketing, on the parser's indicators.
        this.definitions = TeamDefinitions.load(config);
        TriageStore triageStore = new TriageStore(definitions.profile(), definitions.triage().taxonomy());
        TriageStep triage = new TriageStep(database, archive, new TriageEngine(definitions.profile(),
                definitions.triage(), new ExtractedIndicatorSource()), triageStore, clock);
        this.coordination = new CoordinationService(database, archive, definitions.profile(), triageStore,
                tickets.ids(), clock, (mail, partner) -> crypto.protectForPartner(mail, partner.publicKey()));
        this.pipeline = new IntakePipeline(database, archive, new ReportParser(IntakeLimits.DEFAULT,
                new IndicatorExtractor(List.copyOf(ownAddresses),
                        config.indicatorAllowlist())), tickets, policy, composer, index, clock,
                crypto, triage, Optional.of(similarTickets),
                metrics, indexCommits, config.intake());
        this.quarantine = new Quarantine(database, pipeline);
        this.worker = new IntakeWorker(pipeline);
        this.pollers = config.channels().stream()
                .map(channel -> new ImapPoller(channel, pipeline, database, clock, worker::wake))
                .toList();
        this.outboxSender = new OutboxSender(database, config.smtp(), clock, metrics);
        registerGauges();
        try {
            this.queries = new TicketQueries(database, index, AttachmentStore.besides(archive, database),
                    new RawHeaders(archive));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the attachment store in " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
        this.searchService = new TicketSearchService(database, index, similarTickets, config.search(), queries);
        this.commands = new TicketCommands(database, tickets.ids(), new TeamMailComposer(config.team()), archive,
                clock, crypto.forTeamMail(), new TicketIndexUpdates(database, index));
        // Two threads: the outbox sender and the index committer never wait for each other.
        this.outboxSchedule = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "outbox-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Settles what a previous run left half done (acknowledgements interrupted mid-send become 'uncertain'), then
     * starts processing kept messages (first those kept before the last stop), polling every channel and sending.
     */
    public void start() {
        outboxSender.recoverInterrupted();
        long resumed = database.read(connection -> Sql.count(connection,
                "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'"));
        if (resumed > 0) {
            LOG.info("Resuming {} message(s) kept before the last stop", resumed);
        }
        worker.start();
        pollers.forEach(ImapPoller::start);
        // Every 250 ms: one cheap read when nothing is due, and acknowledgements leave soon after their ticket.
        outboxSchedule.scheduleWithFixedDelay(this::sendOutbox, 0, 250, TimeUnit.MILLISECONDS);
        // The index is committed twice a second instead of per message (see IndexCommits).
        outboxSchedule.scheduleWithFixedDelay(indexCommits::commitIfChanged, IndexCommits.INTERVAL.toMillis(),
                IndexCommits.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        for (var channel : config.channels()) {
            LOG.info("Gateway started: mailbox {} on {}:{} ({}), data in {}", channel.channel(), channel.host(),
                    channel.port(), channel.security(), config.dataDir().toAbsolutePath());
        }
    }

    public Database database() {
        return database;
    }

    public TicketQueries tickets() {
        return queries;
    }

    /** The changes analysts make to tickets (status, assignee, notes, merge, replies, forwards). */
    public TicketCommands ticketCommands() {
        return commands;
    }

    /** The team profile and triage settings (issue 9). */
    public TeamDefinitions definitions() {
        return definitions;
    }

    /** Triage of a ticket and forwards to partner teams (issue 9). */
    public CoordinationService coordination() {
        return coordination;
    }

    /** Trend figures over a period (issue 9), for the report command and the dashboard. */
    public TrendReport trends() {
        return new TrendReport(database, definitions.triage().taxonomy());
    }

    /** The team's time zone (team profile, contact.timeZone; UTC when not configured). */
    public java.time.ZoneId teamZone() {
        return java.time.ZoneId.of(definitions.profile().contact().timeZone());
    }

    /** The admin UI's dashboard figures (issue 8), with "today" and weeks in the team's time zone. */
    public org.csirtgateway.trends.DashboardQueries dashboard() {
        return new org.csirtgateway.trends.DashboardQueries(database,
                new TrendReport(database, definitions.triage().taxonomy(), teamZone()), clock);
    }

    public TeamKeys teamKeys() {
        return teamKeys;
    }

    public ReporterKeys reporterKeys() {
        return reporterKeys;
    }

    /** Duplicate proposals, related tickets and search over the index (issue 7). */
    public TicketSearchService search() {
        return searchService;
    }

    public IntakePipeline pipeline() {
        return pipeline;
    }

    /** When the search index is committed; {@link #start} commits it every {@link IndexCommits#INTERVAL}. */
    public IndexCommits indexCommits() {
        return indexCommits;
    }

    /** Analysts' view of quarantined messages, and retry. */
    public Quarantine quarantine() {
        return quarantine;
    }

    /** Everything /metrics serves. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    private void registerGauges() {
        var registry = metrics.registry();
        registry.gauge("csirt_backlog_messages", "Messages kept but not yet processed", () -> database.read(
                connection -> Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'")));
        registry.gauge("csirt_quarantined_messages", "Messages in quarantine now", quarantine::count);
        registry.gauge("csirt_outbox_pending", "Acknowledgements waiting in the outbox", () -> database.read(
                connection -> Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")));
        registry.gauge("csirt_outbox_failed", "Acknowledgements given up after every retry", () -> database.read(
                connection -> Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'failed'")));
        registry.gauge("csirt_mailbox_connected", "Mailbox connections that are up (one per channel)", () ->
                pollers.stream().filter(poller -> poller.health().connected()).count());
    }

    public HealthReport health() {
        List<ChannelHealth> channels = database.read(connection -> {
            List<ChannelHealth> all = new java.util.ArrayList<>();
            for (ImapPoller poller : pollers) {
                all.add(poller.health().withCounts(
                        Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE channel = ? AND state = "
                                + "'pending'", poller.channel()),
                        Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE channel = ? AND state = "
                                + "'quarantined'", poller.channel())));
            }
            return all;
        });
        boolean healthy = channels.stream().allMatch(channel -> channel.lastError() == null);
        return database.read(connection -> new HealthReport(
                healthy ? "ok" : "degraded",
                channels,
                Sql.count(connection, "SELECT COUNT(*) FROM tickets"),
                Sql.count(connection,
                        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND kind = 'acknowledgement'"),
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'"),
                Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'failed'"),
                Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"),
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'")));
    }

    private void sendOutbox() {
        try {
            outboxSender.sendDue();
        } catch (RuntimeException e) {
            LOG.error("Outbox sender failed; retrying: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        pollers.forEach(ImapPoller::close);
        worker.close();
        // Not interrupted first: an interrupt in the middle of an index commit closes Lucene's files under it.
        outboxSchedule.shutdown();
        try {
            if (!outboxSchedule.awaitTermination(15, TimeUnit.SECONDS)) {
                outboxSchedule.shutdownNow();
            }
        } catch (InterruptedException e) {
            outboxSchedule.shutdownNow();
            Thread.currentThread().interrupt();
        }
        indexCommits.commitIfChanged();
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            // e.g. the poller was interrupted in the middle of an index write, which invalidates Lucene's lock: the
            // database and archive are complete and the index is rebuildable from them.
            LOG.warn("Index did not close cleanly: {}", e.getMessage());
        }
        database.close();
    }
}
