package org.csirtgateway;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.csirtgateway.ack.OutboxSender;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.fetch.ImapPoller;
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.intake.IndexCommits;
import org.csirtgateway.intake.IntakeObserver;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.intake.IntakeWorker;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.triage.TeamDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: the {@link GatewayCore} of its data directory (the pipeline and the analysts' services, built
 * in one place) with the mail servers around it: one IMAP poller per channel keeping what arrives, the intake worker
 * taking kept messages through the pipeline, and the outbox sender. No global state: two gateways can run in one JVM.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final GatewayCore core;
    private final Database database;
    private final List<ImapPoller> pollers;
    private final IntakeWorker worker;
    private final OutboxSender outboxSender;
    private final ScheduledExecutorService outboxSchedule;
    private final Clock clock;

    public Gateway(GatewayConfig config, Clock clock) {
        this(config, clock, IntakeObserver.NONE);
    }

    /** As {@link #Gateway(GatewayConfig, Clock)}, with {@code observer} told of every stage boundary. */
    public Gateway(GatewayConfig config, Clock clock, IntakeObserver observer) {
        this.config = config;
        this.clock = clock;
        this.core = new GatewayCore(config, clock, GatewayCore.Commits.SCHEDULED, observer);
        this.database = core.database();
        this.worker = new IntakeWorker(core.pipeline());
        this.pollers = config.channels().stream()
                .map(channel -> new ImapPoller(channel, core.pipeline(), database, clock, worker::wake))
                .toList();
        this.outboxSender = new OutboxSender(database, config.smtp(), clock, core.metrics());
        registerGauges();
        // Two threads: the outbox sender and the index committer never wait for each other.
        this.outboxSchedule = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "outbox-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Settles what a previous run left half done (acknowledgements interrupted mid-send become 'uncertain'), then
     * starts the worker, which first finishes the stages left undone and the messages kept before the last stop, and
     * polling every channel and sending.
     */
    public void start() {
        outboxSender.recoverInterrupted();
        long resumed = database.read(connection -> Sql.count(connection,
                "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'"));
        if (resumed > 0) {
            LOG.info("Resuming {} message(s) kept before the last stop", resumed);
        }
        long due = core.stagesDue().count();
        if (due > 0) {
            LOG.info("Finishing {} index, comparison and triage stage(s) left undone before the last stop", due);
        }
        worker.start();
        pollers.forEach(ImapPoller::start);
        // Every 250 ms: one cheap read when nothing is due, and acknowledgements leave soon after their ticket.
        outboxSchedule.scheduleWithFixedDelay(this::sendOutbox, 0, 250, TimeUnit.MILLISECONDS);
        // The index is committed twice a second instead of per message (see IndexCommits).
        outboxSchedule.scheduleWithFixedDelay(core.indexCommits()::commitIfChanged, IndexCommits.INTERVAL.toMillis(),
                IndexCommits.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        for (var channel : config.channels()) {
            LOG.info("Gateway started: mailbox {} on {}:{} ({}), data in {}", channel.channel(), channel.host(),
                    channel.port(), channel.security(), config.dataDir().toAbsolutePath());
        }
    }

    public Database database() {
        return database;
    }

    /** The data directory's pipeline and services. */
    public GatewayCore core() {
        return core;
    }

    public TicketQueries tickets() {
        return core.tickets();
    }

    /** The changes analysts make to tickets (status, assignee, notes, merge, replies, forwards). */
    public TicketCommands ticketCommands() {
        return core.ticketCommands();
    }

    /** The team profile and triage settings. */
    public TeamDefinitions definitions() {
        return core.definitions();
    }

    /** Triage of a ticket and forwards to partner teams. */
    public CoordinationService coordination() {
        return core.coordination();
    }

    /** The team's time zone (team profile, contact.timeZone; UTC when not configured). */
    public java.time.ZoneId teamZone() {
        return core.teamZone();
    }

    /** The admin UI's dashboard figures, with "today" and weeks in the team's time zone. */
    public org.csirtgateway.trends.DashboardQueries dashboard() {
        return core.dashboard();
    }

    public TeamKeys teamKeys() {
        return core.teamKeys();
    }

    public ReporterKeys reporterKeys() {
        return core.reporterKeys();
    }

    /** Duplicate proposals, related tickets and search over the index. */
    public TicketSearchService search() {
        return core.search();
    }

    public IntakePipeline pipeline() {
        return core.pipeline();
    }

    /** When the search index is committed; {@link #start} commits it every {@link IndexCommits#INTERVAL}. */
    public IndexCommits indexCommits() {
        return core.indexCommits();
    }

    /** Analysts' view of quarantined messages, and retry. */
    public Quarantine quarantine() {
        return core.quarantine();
    }

    /** Everything /metrics serves. */
    public GatewayMetrics metrics() {
        return core.metrics();
    }

    private void registerGauges() {
        var registry = core.metrics().registry();
        registry.gauge("csirt_backlog_messages", "Messages kept but not yet processed", () -> database.read(
                connection -> Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'")));
        registry.gauge("csirt_quarantined_messages", "Messages in quarantine now", core.quarantine()::count);
        registry.gauge("csirt_stages_due", "Index, comparison and triage stages due for messages on tickets",
                () -> core.stagesDue().count());
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
        core.close();
    }
}
