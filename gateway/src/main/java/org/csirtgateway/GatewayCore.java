package org.csirtgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import org.csirtgateway.ack.AcknowledgementComposer;
import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.ack.AcknowledgementTemplates;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.archive.RawHeaders;
import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.crypto.PgpLimits;
import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.SmimeKeyLoader;
import org.csirtgateway.crypto.TeamKeyLoader;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.indicator.IndicatorExtractor;
import org.csirtgateway.intake.IndexCommits;
import org.csirtgateway.intake.IntakeObserver;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.intake.StagesDue;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.IntakeLimits;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.search.TicketIndexUpdates;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ticket.TicketService;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.triage.ExtractedIndicatorSource;
import org.csirtgateway.triage.TeamDefinitions;
import org.csirtgateway.triage.TriageEngine;
import org.csirtgateway.triage.TriageStep;
import org.csirtgateway.triage.TriageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a gateway's data directory: the one place that builds the intake pipeline, every stage of
 * it, and the services analysts use, from the configuration. The running gateway adds mail servers around it
 * ({@link Gateway}); {@code import}, {@code reindex}, the other data commands and the tests open it alone. They all
 * get the same stages and differ only in where messages come from and in whether acknowledgements go out (that is
 * kept with each message: history is never acknowledged).
 *
 * <p>The search index is opened for writing: only one process may hold a data directory's core at a time (Lucene's
 * lock says so clearly otherwise). When the index is missing or damaged, every message's index stage is due again and
 * the index is built anew from the archived originals before this returns.
 */
public final class GatewayCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCore.class);

    /** When the index is committed: on the running gateway's schedule, or after every processed batch. */
    public enum Commits {
        /** Committed when {@link IndexCommits#commitIfChanged} is called (the gateway does twice a second). */
        SCHEDULED,
        /** Committed after every batch: what a batch did is searchable when the call returns. */
        EACH_BATCH
    }

    private final GatewayConfig config;
    private final Clock clock;
    private final Database database;
    private final RawArchive archive;
    private final AttachmentStore attachments;
    private final ReportIndex index;
    private final StagesDue stages;
    private final IndexCommits indexCommits;
    private final GatewayMetrics metrics;
    private final TeamKeys teamKeys;
    private final ReporterKeys reporterKeys;
    private final TeamDefinitions definitions;
    private final CoordinationService coordination;
    private final IntakePipeline pipeline;
    private final Quarantine quarantine;
    private final TicketQueries queries;
    private final TicketSearchService searchService;
    private final TicketCommands commands;
    private final Set<String> ownAddresses;
    private long indexedAtOpen;

    public GatewayCore(GatewayConfig config, Clock clock, Commits commits) {
        this(config, clock, commits, IntakeObserver.NONE);
    }

    /** As {@link #GatewayCore(GatewayConfig, Clock, Commits)}, with {@code observer} told of every stage boundary. */
    public GatewayCore(GatewayConfig config, Clock clock, Commits commits, IntakeObserver observer) {
        this(config, clock, commits, observer, done -> { });
    }

    /**
     * The core of a data directory whose search index is built anew from the archived originals as it opens, for
     * {@code csirt-gateway reindex}: the index is removed first, and {@code progress} is told how many messages are
     * indexed so far. {@link #indexedAtOpen} says how many in all.
     */
    public static GatewayCore withIndexBuiltAnew(GatewayConfig config, Clock clock, LongConsumer progress)
            throws IOException {
        if (Files.isDirectory(config.indexDir())) {
            try (Stream<Path> files = Files.walk(config.indexDir())) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return new GatewayCore(config, clock, Commits.SCHEDULED, IntakeObserver.NONE, progress);
    }

    private GatewayCore(GatewayConfig config, Clock clock, Commits commits, IntakeObserver observer,
                        LongConsumer rebuildProgress) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.databaseFile());
        try {
            this.archive = new RawArchive(config.archiveDir(), database);
            this.attachments = AttachmentStore.besides(archive, database);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException("Cannot open the data directory " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
        this.stages = new StagesDue(database);
        String rebuildBecause;
        try {
            IndexOpening opened = openIndex(config.indexDir(), database, stages);
            this.index = opened.index();
            rebuildBecause = opened.rebuildBecause();
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException("Cannot open the search index in " + config.dataDir() + ": "
                    + e.getMessage() + (e.getMessage() != null && e.getMessage().contains("already open")
                    ? " (is the gateway running on this data directory? stop it first)" : ""), e);
        }
        this.metrics = new GatewayMetrics();
        this.indexCommits = commits == Commits.SCHEDULED ? IndexCommits.deferred(index, stages, observer)
                : IndexCommits.immediate(index, stages, observer);
        TicketService tickets = new TicketService(new TicketIds(config.ticketPrefix()), config.legacyTagPatterns());
        Set<String> own = new HashSet<>();
        own.add(config.team().address());
        config.channels().forEach(channel -> own.add(channel.user()));
        this.ownAddresses = Set.copyOf(own);
        AcknowledgementPolicy policy = new AcknowledgementPolicy(ownAddresses,
                config.acknowledgements().rateLimit());
        // A key attached to a report and claiming one of these addresses is never collected as a reporter's.
        this.reporterKeys = new ReporterKeys(database, ownAddresses, metrics);
        this.teamKeys = TeamKeyLoader.load(config.pgp());
        CryptoStage crypto = new CryptoStage(teamKeys, SmimeKeyLoader.load(config.smime()), reporterKeys,
                PgpLimits.DEFAULT);
        this.definitions = TeamDefinitions.load(config);
        TriageStore triageStore = new TriageStore(definitions.profile(), definitions.triage().taxonomy());
        TriageStep triage = new TriageStep(database, archive, new TriageEngine(definitions.profile(),
                definitions.triage(), new ExtractedIndicatorSource()), triageStore, clock);
        this.coordination = new CoordinationService(database, archive, definitions.profile(), triageStore,
                tickets.ids(), clock, (mail, partner) -> crypto.protectForPartner(mail, partner.publicKey()));
        SimilarTickets similar = new SimilarTickets(database, config.search(), clock);
        this.pipeline = new IntakePipeline(database, archive, attachments, new ReportParser(IntakeLimits.DEFAULT,
                new IndicatorExtractor(List.copyOf(ownAddresses), config.indicatorAllowlist())), tickets, policy,
                acknowledgementComposer(config), index, clock, crypto, triage, similar, metrics, indexCommits, stages,
                config.intake(), observer);
        this.quarantine = new Quarantine(database, pipeline);
        this.queries = new TicketQueries(database, index, attachments, new RawHeaders(archive));
        this.searchService = new TicketSearchService(database, index, similar, config.search(), queries,
                pipeline::reindexTicket);
        this.commands = new TicketCommands(database, tickets.ids(), new TeamMailComposer(config.team()), archive,
                clock, crypto.forTeamMail(), new TicketIndexUpdates(pipeline::reindexTicket));
        if (rebuildBecause != null) {
            Instant start = Instant.now();
            LOG.warn("Search index {} {}; building it anew from the archived originals",
                    config.indexDir().toAbsolutePath(), rebuildBecause);
            long count = finishIncomplete(rebuildProgress);
            this.indexedAtOpen = count;
            LOG.info("Search index built: {} messages in {} s", count,
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    private static Optional<AcknowledgementComposer> acknowledgementComposer(GatewayConfig config) {
        if (!config.acknowledgements().enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AcknowledgementComposer(config.team(), AcknowledgementTemplates.load(
                    config.acknowledgements().templateDir(), config.acknowledgements().defaultLanguage())));
        } catch (IOException e) {
            throw new ConfigException("Key 'acknowledgement.templates': " + e.getMessage(), e);
        }
    }

    /** The index as opened, and why it must be built anew (null when it need not). */
    private record IndexOpening(ReportIndex index, String rebuildBecause) {
    }

    /**
     * Opens the index in {@code dir}. When it is missing (no index there, or empty or short of messages the database
     * does not explain by index stages still due) or corrupt, every message's index stage is made due again. An index
     * held by another process is not touched: that failure is thrown.
     */
    private static IndexOpening openIndex(Path dir, Database database, StagesDue stages) throws IOException {
        boolean existed = hasIndex(dir);
        ReportIndex index;
        String why;
        try {
            index = ReportIndex.open(dir);
            long messages = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM messages"));
            long indexed = existed ? index.messageCount() : 0;
            long due = stages.count(StagesDue.Stage.INDEX);
            if (messages == 0 || (existed && indexed + due >= messages)) {
                return new IndexOpening(index, null);
            }
            why = !existed ? "is missing"
                    : indexed == 0 ? "is empty but the database holds " + messages + " messages"
                    : "holds " + indexed + " of the database's " + messages + " messages";
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("already open")) {
                throw e;
            }
            // Moved aside, not deleted: whoever investigates the damage still has it.
            Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + System.currentTimeMillis());
            Files.move(dir, aside);
            why = "is corrupt or unreadable (" + e.getMessage() + "); the damaged copy is in " + aside;
            index = ReportIndex.open(dir);
        }
        index.deleteAll();
        stages.indexAllAgain();
        return new IndexOpening(index, why);
    }

    private static boolean hasIndex(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("segments"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Finishes every stage still due (after a crash, a lost index, an interrupted import) and commits the index.
     * Returns how many messages were worked on; {@code progress} is told the running count.
     */
    public long finishIncomplete(LongConsumer progress) {
        long done = pipeline.finishAllIncomplete(progress);
        indexCommits.commitIfChanged();
        return done;
    }

    /**
     * Builds the search index anew from the archived originals: every message is read, unwrapped, parsed and indexed
     * again through the pipeline's own stages. Returns how many messages were indexed.
     */
    public long reindex(LongConsumer progress) throws IOException {
        index.deleteAll();
        stages.indexAllAgain();
        return finishIncomplete(progress);
    }

    /** How many messages were indexed as the core opened (the index was missing or damaged); 0 otherwise. */
    public long indexedAtOpen() {
        return indexedAtOpen;
    }

    public GatewayConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    public RawArchive archive() {
        return archive;
    }

    public AttachmentStore attachments() {
        return attachments;
    }

    public ReportIndex index() {
        return index;
    }

    public IntakePipeline pipeline() {
        return pipeline;
    }

    /** The stages after placing still due for messages on tickets. */
    public StagesDue stagesDue() {
        return stages;
    }

    /** When the search index is committed. */
    public IndexCommits indexCommits() {
        return indexCommits;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The team's own addresses: the point of contact and every mailbox's login. */
    public Set<String> ownAddresses() {
        return ownAddresses;
    }

    public TeamKeys teamKeys() {
        return teamKeys;
    }

    public ReporterKeys reporterKeys() {
        return reporterKeys;
    }

    /** The team profile and triage settings. */
    public TeamDefinitions definitions() {
        return definitions;
    }

    /** Triage of a ticket and forwards to partner teams. */
    public CoordinationService coordination() {
        return coordination;
    }

    /** The team's time zone (team profile, contact.timeZone; UTC when not configured). */
    public java.time.ZoneId teamZone() {
        return java.time.ZoneId.of(definitions.profile().contact().timeZone());
    }

    /** Trend figures over a period, for the report command and the dashboard, in the team's time zone. */
    public org.csirtgateway.trends.TrendReport trends() {
        return new org.csirtgateway.trends.TrendReport(database, definitions.triage().taxonomy(), teamZone());
    }

    /** The admin UI's dashboard figures, with "today" and weeks in the team's time zone. */
    public org.csirtgateway.trends.DashboardQueries dashboard() {
        return new org.csirtgateway.trends.DashboardQueries(database, trends(), clock);
    }

    /** Analysts' view of quarantined messages, and retry. */
    public Quarantine quarantine() {
        return quarantine;
    }

    public TicketQueries tickets() {
        return queries;
    }

    /** Duplicate proposals, related tickets and search over the index. */
    public TicketSearchService search() {
        return searchService;
    }

    /** The changes analysts make to tickets (status, assignee, notes, merge, replies, forwards). */
    public TicketCommands ticketCommands() {
        return commands;
    }

    /** Commits what the index still holds uncommitted, then closes the index and the database. */
    @Override
    public void close() {
        indexCommits.commitIfChanged();
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            // The database and archive are complete; what the index lacks is due in stages_due and finished at the
            // next start.
            LOG.warn("Index did not close cleanly: {}", e.getMessage());
        }
        database.close();
    }
}
