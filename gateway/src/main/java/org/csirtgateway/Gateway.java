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
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.health.HealthReport;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.intake.IntakeWorker;
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
    private final List<ImapPoller> pollers;
    private final IntakeWorker worker;
    private final OutboxSender outboxSender;
    private final TicketQueries queries;
    private final ScheduledExecutorService outboxSchedule;

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.database = Database.open(config.databaseFile());
        RawArchive archive;
        try {
            archive = new RawArchive(config.archiveDir());
            this.index = ReportIndex.open(config.indexDir());
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
        java.util.Set<String> ownAddresses = new java.util.HashSet<>();
        ownAddresses.add(config.team().address());
        config.channels().forEach(channel -> ownAddresses.add(channel.user()));
        AcknowledgementPolicy policy = new AcknowledgementPolicy(ownAddresses);
        this.pipeline = new IntakePipeline(database, archive, new ReportParser(), tickets, policy, composer, index,
                clock, config.intake());
        this.worker = new IntakeWorker(pipeline);
        this.pollers = config.channels().stream()
                .map(channel -> new ImapPoller(channel, pipeline, database, clock, worker::wake))
                .toList();
        this.outboxSender = new OutboxSender(database, config.smtp(), clock);
        this.queries = new TicketQueries(database, index);
        this.outboxSchedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
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
        outboxSchedule.scheduleWithFixedDelay(this::sendOutbox, 0, 1, TimeUnit.SECONDS);
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

    public IntakePipeline pipeline() {
        return pipeline;
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
                Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"),
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'")));
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
        outboxSchedule.shutdownNow();
        try {
            outboxSchedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("Index did not close cleanly: {}", e.getMessage());
        }
    }
}
