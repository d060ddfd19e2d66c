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
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.fetch.ImapPoller;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.intake.IndexCommits;
import org.csirtgateway.intake.IndexRebuilder;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ticket.TicketService;
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
    private final ImapPoller poller;
    private final OutboxSender outboxSender;
    private final TicketQueries queries;
    private final ScheduledExecutorService outboxSchedule;
    private final GatewayMetrics metrics;
    private final Quarantine quarantine;
    private final IndexCommits indexCommits;

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.database = Database.open(config.databaseFile());
        RawArchive archive;
        try {
            archive = new RawArchive(config.archiveDir());
            this.index = IndexRebuilder.openOrRebuild(config.indexDir(), database, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the data directory " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
        TicketService tickets = new TicketService(new TicketIds(config.ticketPrefix()));
        Optional<AcknowledgementComposer> composer = Optional.empty();
        if (config.acknowledgements().enabled()) {
            try {
                composer = Optional.of(new AcknowledgementComposer(config.team(), AcknowledgementTemplates.load(
                        config.acknowledgements().templateDir(), config.acknowledgements().defaultLanguage())));
            } catch (IOException e) {
                throw new ConfigException("Key 'acknowledgement.templates': " + e.getMessage(), e);
            }
        }
        AcknowledgementPolicy policy = new AcknowledgementPolicy(new java.util.HashSet<>(
                List.of(config.team().address(), config.imap().user())));
        this.metrics = new GatewayMetrics();
        this.indexCommits = IndexCommits.deferred(index);
        this.pipeline = new IntakePipeline(database, archive, new ReportParser(), tickets, policy, composer, index,
                clock, metrics, indexCommits);
        this.quarantine = new Quarantine(database, pipeline);
        this.poller = new ImapPoller(config.imap(), pipeline, database, clock);
        this.outboxSender = new OutboxSender(database, config.smtp(), clock, metrics);
        registerGauges();
        this.queries = new TicketQueries(database, index);
        // Two threads: the outbox sender and the index committer never wait for each other.
        this.outboxSchedule = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "outbox-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Finishes what a previous run left half done, then starts polling and sending. */
    public void start() {
        int resumed = pipeline.processPending();
        if (resumed > 0) {
            LOG.info("Resumed {} message(s) kept before the last stop", resumed);
        }
        poller.start();
        // Every 250 ms: one cheap read when nothing is due, and acknowledgements leave soon after their ticket.
        outboxSchedule.scheduleWithFixedDelay(this::sendOutbox, 0, 250, TimeUnit.MILLISECONDS);
        // The index is committed twice a second instead of per message (see IndexCommits).
        outboxSchedule.scheduleWithFixedDelay(indexCommits::commitIfChanged, 500, 500, TimeUnit.MILLISECONDS);
        LOG.info("Gateway started: mailbox {} on {}:{}, data in {}", config.imap().channel(), config.imap().host(),
                config.imap().port(), config.dataDir().toAbsolutePath());
    }

    public Database database() {
        return database;
    }

    public TicketQueries tickets() {
        return queries;
    }

    public IntakePipeline pipeline() {
        return pipeline;
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
        registry.gauge("csirt_mailbox_connected", "1 when the mailbox connection is up", () ->
                poller.health().connected() ? 1 : 0);
    }

    public HealthReport health() {
        var channel = poller.health();
        return database.read(connection -> new HealthReport(
                channel.lastError() == null ? "ok" : "degraded",
                List.of(channel),
                Sql.count(connection, "SELECT COUNT(*) FROM tickets"),
                Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"),
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'"),
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
        poller.close();
        outboxSchedule.shutdownNow();
        try {
            outboxSchedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexCommits.commitIfChanged();
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("Index did not close cleanly: {}", e.getMessage());
        }
    }
}
