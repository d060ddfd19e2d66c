package org.csirtgateway.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.csirtgateway.ack.AcknowledgementComposer;
import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.ack.Outbox;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.archive.ArchivedMessage;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.evidence.ReportDetailsRecords;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.crypto.PgpUnwrapper;
import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.TextFeatures;
import org.csirtgateway.parse.Attachment;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.retry.RetryPolicy;
import org.csirtgateway.search.ExtractedIndicators;
import org.csirtgateway.search.IndexedMessages;
import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketService;

/**
 * The path of a message: keep the raw original (archive + database row) before anything else, then parse, place on a
 * ticket with its acknowledgement in the outbox, then index. Messages travel in batches: a poll batch is kept with its
 * archive writes forced together and one commit; kept messages are processed a batch at a time, read and parsed on
 * every core, placed on tickets in one transaction, indexed and triaged behind the next batch. What goes wrong at a
 * stage is turned into an outcome by {@link IntakeFailures}, in one place, for the message it concerns alone.
 */
public final class IntakePipeline {

    private final Database database;
    private final RawArchive archive;
    private final AttachmentStore attachments;
    private final ReportParser parser;
    private final TicketService tickets;
    private final AcknowledgementPolicy policy;
    private final Optional<AcknowledgementComposer> composer;
    private final ReportIndex index;
    private final IntakeFailures failures;
    private final Clock clock;
    private final CryptoStage crypto;
    private final AfterTicketing afterTicketing;
    private final Optional<SimilarTickets> similar;
    private final GatewayMetrics metrics;
    private final IndexCommits indexCommits;
    private final ParallelWork parallel = new ParallelWork("intake-parallel");

    /** A pipeline with every optional stage off: no OpenPGP keys, no triage, no proposals, immediate index commits. */
    public IntakePipeline(Database database, RawArchive archive, ReportParser parser, TicketService tickets,
                          AcknowledgementPolicy policy, Optional<AcknowledgementComposer> composer,
                          ReportIndex index, Clock clock, CryptoStage crypto) {
        this(database, archive, parser, tickets, policy, composer, index, clock, crypto, AfterTicketing.NOTHING,
                Optional.empty(), new GatewayMetrics(), IndexCommits.immediate(index), RetryPolicy.INTAKE_DEFAULT);
    }

    /**
     * The whole pipeline.
     *
     * @param crypto         OpenPGP unwrapping before parsing and protection of acknowledgements (issue 5)
     * @param afterTicketing a step run after ticketing: triage (issue 9)
     * @param similar        near-duplicate proposals for new tickets (issue 7)
     * @param metrics        counters and stage latencies (issue 3)
     * @param indexCommits   when the search index is committed (the running gateway defers it, see there)
     * @param retry          how often and how soon a failed message is tried again before quarantine (issue 3)
     */
    public IntakePipeline(Database database, RawArchive archive, ReportParser parser, TicketService tickets,
                          AcknowledgementPolicy policy, Optional<AcknowledgementComposer> composer,
                          ReportIndex index, Clock clock, CryptoStage crypto, AfterTicketing afterTicketing,
                          Optional<SimilarTickets> similar, GatewayMetrics metrics, IndexCommits indexCommits,
                          RetryPolicy retry) {
        this.afterTicketing = afterTicketing;
        this.similar = similar;
        this.database = database;
        this.archive = archive;
        try {
            this.attachments = AttachmentStore.besides(archive, database);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the attachment store: " + e.getMessage(), e);
        }
        this.parser = parser;
        this.tickets = tickets;
        this.policy = policy;
        this.composer = composer;
        this.index = index;
        this.clock = clock;
        this.crypto = crypto;
        this.metrics = metrics;
        this.indexCommits = indexCommits;
        this.failures = new IntakeFailures(database, clock, retry, metrics);
    }

    /**
     * Keeps a fetched message: its bytes durably in the archive and a row in the database. Returns the row id, or
     * empty when this (channel, source) was kept before, so re-fetching never creates anything new.
     */
    public Optional<Long> keep(String channel, String source, RawArchive.RawContent raw) throws IOException {
        return keepAll(channel, List.of(new Incoming(source, raw))).get(0);
    }

    /** A fetched message to keep: where it came from ({@code <epoch>:<id>}) and its raw bytes. */
    public record Incoming(String source, RawArchive.RawContent raw) {
    }

    /**
     * {@link #keep}s several messages with one database transaction: their bytes are durably archived first (forced
     * together, see {@link RawArchive#storeAll}), then all rows are committed together. Returns, in order, each one's
     * new row id or empty when kept before.
     */
    public List<Optional<Long>> keepAll(String channel, List<Incoming> messages) throws IOException {
        long started = System.nanoTime();
        List<Boolean> known = database.read(connection -> {
            List<Boolean> result = new java.util.ArrayList<>();
            for (Incoming message : messages) {
                result.add(Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE channel = ? AND source = ?",
                        channel, message.source()) > 0);
            }
            return result;
        });
        List<RawArchive.RawContent> fresh = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!known.get(i)) {
                fresh.add(messages.get(i).raw());
            }
        }
        // Every new message's bytes are durably in the archive (one pack, forced) before any row is committed; the
        // rows are committed with the archive's record of where the bytes are.
        Instant now = clock.instant();
        List<Optional<Long>> kept = archive.storeAll(fresh, (connection, stored) -> {
            java.util.Iterator<ArchivedMessage> next = stored.iterator();
            List<ArchivedMessage> archived = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                archived.add(known.get(i) ? null : next.next());
            }
            List<Optional<Long>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                ArchivedMessage bytes = archived.get(i);
                String source = messages.get(i).source();
                if (bytes == null || Sql.count(connection,
                        "SELECT COUNT(*) FROM raw_messages WHERE channel = ? AND source = ?", channel, source) > 0) {
                    ids.add(Optional.empty());
                    continue;
                }
                String epoch = epochOf(source);
                List<String> sameBytes = Sql.list(connection,
                        "SELECT source FROM raw_messages WHERE channel = ? AND sha256 = ?", row -> row.getString(1),
                        channel, bytes.sha256());
                if (sameBytes.stream().anyMatch(other -> !epochOf(other).equals(epoch))) {
                    ids.add(Optional.empty());
                    continue;
                }
                ids.add(Optional.of(Sql.insert(connection, """
                                INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                                VALUES (?, ?, ?, ?, ?, 'pending')""",
                        bytes.sha256(), bytes.sizeBytes(), channel, source, now)));
            }
            return ids;
        });
        kept.stream().filter(Optional::isPresent).forEach(id -> metrics.fetched(channel));
        metrics.stageShared(GatewayMetrics.KEEP, started, messages.size());
        return kept;
    }

    /** {@code imap:INBOX:7:42} -> {@code imap:INBOX:7}: the mailbox epoch within which ids are distinct deliveries. */
    private static String epochOf(String source) {
        int last = source.lastIndexOf(':');
        return last < 0 ? source : source.substring(0, last);
    }

    /**
     * The next pending messages that are due, oldest first. SQLite reads raw_messages_state in id order and stops
     * after the limit; without that index it would sort every pending message on each call, the whole backlog.
     */
    static final String DUE = """
            SELECT id FROM raw_messages
             WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
             ORDER BY id LIMIT ?""";

    /** The first kept message with these bytes, whatever its channel and source (index raw_messages_sha256). */
    static final String SAME_CONTENT = "SELECT id FROM raw_messages WHERE sha256 = ? ORDER BY id LIMIT 1";

    /** What {@link #keepUnlessKnown} did with a message. */
    public sealed interface Kept {
        /** Archived and recorded as raw message {@code rawId}, pending processing. */
        record New(long rawId) implements Kept {
        }

        /** This (channel, source) was kept before: nothing new. */
        record SameSource() implements Kept {
        }

        /** The same bytes (so the same Message-ID) are already kept as raw message {@code rawId}: nothing new. */
        record SameContent(long rawId) implements Kept {
        }
    }

    /**
     * Like {@link #keep}, and also recognises a message whose identical bytes (same SHA-256, hence the same
     * Message-ID) were kept before under any source, e.g. when history is imported twice from different files.
     * The bytes are streamed once, into a pack, before their hash is known; a second copy of bytes kept before stays
     * in that pack unreferenced (the archive locates each content once).
     */
    public Kept keepUnlessKnown(String channel, String source, RawArchive.RawContent raw) throws IOException {
        Optional<Long> known = database.read(connection -> Sql.one(connection,
                "SELECT id FROM raw_messages WHERE channel = ? AND source = ?", row -> row.getLong(1),
                channel, source));
        if (known.isPresent()) {
            return new Kept.SameSource();
        }
        long started = System.nanoTime();
        Instant now = clock.instant();
        Kept kept = archive.storeAll(List.of(raw), (connection, stored) -> {
            ArchivedMessage archived = stored.get(0);
            Optional<Long> sameContent = Sql.one(connection, SAME_CONTENT, row -> row.getLong(1), archived.sha256());
            if (sameContent.isPresent()) {
                return new Kept.SameContent(sameContent.get());
            }
            return new Kept.New(Sql.insert(connection, """
                            INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                            VALUES (?, ?, ?, ?, ?, 'pending')""",
                    archived.sha256(), archived.sizeBytes(), channel, source, now));
        });
        if (kept instanceof Kept.New) {
            metrics.stage(GatewayMetrics.KEEP, started);
            metrics.fetched(channel);
        }
        return kept;
    }

    /** Parses, tickets, acknowledges and indexes a kept message. Never throws: failures become outcomes. */
    public void process(long rawId) {
        process(rawId, AckMode.POLICY);
    }

    /**
     * Parses, tickets and indexes a kept message, acknowledging it only as {@code ackMode} allows. Never throws:
     * failures become outcomes.
     */
    public void process(long rawId, AckMode ackMode) {
        processBatch(List.of(rawId), ackMode);
        commitIndex();
    }

    /**
     * Processes several kept messages as batches ({@link #processBatch}) and commits the search index once at the
     * end. Never throws: failures become outcomes.
     */
    public void processAll(List<Long> rawIds, AckMode ackMode) {
        for (List<Long> batch : batches(rawIds)) {
            processBatch(batch, ackMode);
        }
        if (!rawIds.isEmpty()) {
            commitIndex();
        }
    }

    /**
     * Messages placed on tickets in one database transaction. 200 rather than 100: fewer forced commits and fewer
     * hand-overs between the stages per message (bench 2c: 853 -> 901..1,044 messages/s, heap peak unchanged).
     */
    public static final int BATCH = 200;
    /** Messages one {@link #processDue} round takes at most: a few batches, each read while the last is placed. */
    public static final int ROUND = 5 * BATCH;
    /**
     * Raw bytes read into one batch at most (a larger message is a batch of its own): a batch's parsed messages are
     * held together until they are placed, and the heap must not grow with the batch size.
     */
    static final long MAX_BATCH_BYTES = 16L << 20;

    /** A kept message read and parsed, ready to be placed on a ticket with the rest of its batch. */
    private record Prepared(long rawId, RawRow raw, ParsedReport report, PgpUnwrapper.Unwrapped unwrapped,
                            TextFeatures text) {
    }

    /** A message on its ticket. */
    private record Placed(Prepared message, Placement placement) {
    }

    /**
     * The messages placed, and the raw id at which placing stopped because its failure could not be recorded (the
     * database is down), or null.
     */
    private record PlacedBatch(List<Placed> placed, Long stoppedAt) {
    }

    /** A stage of one message failed; {@link IntakeFailures} decides what becomes of it. */
    private static final class StageFailure extends Exception {
        final IntakeFailures.Stage stage;

        StageFailure(IntakeFailures.Stage stage, Exception cause) {
            super(cause);
            this.stage = stage;
        }
    }

    /**
     * Processes a batch of kept messages: each is read and parsed on its own, then the whole batch is placed on
     * tickets with its acknowledgements in ONE transaction (one forced write instead of one per message), then
     * indexed. A message that fails a stage is handed to {@link IntakeFailures} and the others go on; when the batch
     * transaction fails, the batch is placed again one message per transaction, so a poison message is retried or
     * quarantined alone and never holds up the others. Returns how many messages were tried: fewer than given when a
     * failure could not even be recorded (the database is unavailable), so that a caller can pause.
     */
    private int processBatch(List<Long> rawIds, AckMode ackMode) {
        return processBatch(rawIds, startReading(rawIds).await(), ackMode, this::index);
    }

    /** Starts reading and parsing a batch on every core; see {@link ParallelWork#start}. */
    private ParallelWork.Started<Prepared> startReading(List<Long> rawIds) {
        Map<Long, RawRow> rows;
        try {
            rows = rawRows(rawIds);
        } catch (RuntimeException e) {
            rows = Map.of(); // each message reads its row again, and a failure becomes its outcome
        }
        Map<Long, RawRow> known = rows;
        return parallel.start(rawIds, rawId -> prepare(rawId, known.get(rawId)));
    }

    /**
     * {@link #processBatch(List, AckMode)} with the batch already read and parsed ({@code read}, in order); what is
     * placed is handed to {@code indexing} (indexed at once, or behind the placing of the next batch).
     */
    private int processBatch(List<Long> rawIds, List<ParallelWork.Outcome<Prepared>> read, AckMode ackMode,
                             java.util.function.Consumer<List<Placed>> indexing) {
        List<Prepared> prepared = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < rawIds.size(); i++) {
            tried++;
            ParallelWork.Outcome<Prepared> outcome = read.get(i);
            if (outcome.failure() == null) {
                if (outcome.value() != null) {
                    prepared.add(outcome.value());
                }
                continue;
            }
            StageFailure failure = outcome.failure() instanceof StageFailure stage ? stage
                    : new StageFailure(IntakeFailures.Stage.PARSE, outcome.failure());
            if (failed(rawIds.get(i), failure.stage, failure.getCause())) {
                break; // the database is down: the rest stay pending; what was read is still placed
            }
        }
        List<Prepared> parsed = prepared;
        prepared = storeAttachments(parsed);
        releaseAttachments(parsed);
        PlacedBatch placed = placeAll(prepared, ackMode);
        indexing.accept(placed.placed());
        if (placed.stoppedAt() != null) {
            return rawIds.indexOf(placed.stoppedAt()) + 1;
        }
        return tried;
    }

    /** Hands the failure to {@link IntakeFailures}; true when it could not be recorded (the database is down). */
    private boolean failed(long rawId, IntakeFailures.Stage stage, Throwable cause) {
        Exception failure = cause instanceof Exception e ? e : new IllegalStateException(cause);
        return failures.handle(rawId, stage, failure) == IntakeFailures.Outcome.UNRECORDED;
    }

    /** Reads and parses one kept message; null when it is no longer pending (processed meanwhile). */
    private Prepared prepare(long rawId, RawRow known) throws StageFailure {
        IntakeFailures.Stage stage = IntakeFailures.Stage.READ_ARCHIVE;
        try {
            RawRow raw = known != null ? known : rawRow(rawId);
            if (!raw.state().equals("pending")) {
                return null;
            }
            ParsedReport report;
            PgpUnwrapper.Unwrapped unwrapped;
            long started = System.nanoTime();
            String sha256 = raw.sha256();
            RawArchive.Original original = archive.original(sha256);
            original.open().close(); // a missing or unreadable original is a failure to read the archive
            stage = IntakeFailures.Stage.PARSE;
            // OpenPGP first: the parser reads the decrypted message (or the original, with the reason why not). A
            // message without OpenPGP (nearly all) is streamed from the archive, never held in memory whole.
            unwrapped = crypto.unwrap(original::open, parser.limits().maxMessageBytes() + 1);
            try (InputStream in = unwrapped.mime() != null ? new ByteArrayInputStream(unwrapped.mime())
                    : new java.io.BufferedInputStream(original.open(), 64 * 1024)) {
                report = parser.parse(in);
            }
            // The text's duplicate features, worked out once, here in parallel: the exact-duplicate key for the
            // ticket transaction, the signature and vocabulary for the index and the near-duplicate lookup.
            TextFeatures text = TextFeatures.of(report.searchableText());
            metrics.stage(GatewayMetrics.PARSE, started);
            return new Prepared(rawId, raw, report, unwrapped, text);
        } catch (IOException | ParseException | RuntimeException e) {
            throw new StageFailure(stage, e);
        }
    }

    /**
     * Attachment contents go to their store before the ticket refers to them (storing twice keeps one copy), with the
     * forced writes of the whole batch together. Returns the messages whose attachments are stored.
     */
    private List<Prepared> storeAttachments(List<Prepared> prepared) {
        long started = System.nanoTime();
        Map<String, RawArchive.RawContent> all = new LinkedHashMap<>();
        prepared.forEach(message -> all.putAll(storedContents(message.report())));
        try {
            attachments.storeAll(all);
            return prepared;
        } catch (IOException | RuntimeException batchFailed) {
            List<Prepared> stored = new ArrayList<>();
            for (Prepared message : prepared) {
                try {
                    attachments.storeAll(storedContents(message.report()));
                    stored.add(message);
                } catch (IOException | RuntimeException e) {
                    failed(message.rawId(), IntakeFailures.Stage.STORE_ATTACHMENTS, e);
                }
            }
            return stored;
        } finally {
            if (!all.isEmpty()) {
                metrics.stageShared(GatewayMetrics.STORE_ATTACHMENTS, started, prepared.size());
            }
        }
    }

    private static Map<String, RawArchive.RawContent> storedContents(ParsedReport report) {
        Map<String, RawArchive.RawContent> contents = new LinkedHashMap<>();
        for (Attachment attachment : report.details().attachments()) {
            if (attachment.stored()) {
                contents.putIfAbsent(attachment.sha256(), attachment.content()::writeTo);
            }
        }
        return contents;
    }

    private static List<Prepared> successes(List<ParallelWork.Outcome<Prepared>> outcomes) {
        return outcomes.stream().map(ParallelWork.Outcome::value).filter(java.util.Objects::nonNull).toList();
    }

    /** Deletes the temporary files of the batch's large attachments: they are in the store now (or not needed). */
    private static void releaseAttachments(List<Prepared> prepared) {
        for (Prepared message : prepared) {
            for (Attachment attachment : message.report().details().attachments()) {
                if (attachment.stored()) {
                    attachment.content().release();
                }
            }
        }
    }

    /**
     * Places the batch on tickets, with acknowledgements in the outbox, in one transaction; when that fails, one
     * message per transaction, each failure becoming that message's outcome.
     */
    private PlacedBatch placeAll(List<Prepared> prepared, AckMode ackMode) {
        if (prepared.isEmpty()) {
            return new PlacedBatch(List.of(), null);
        }
        Long stoppedAt = null;
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Placed> placed;
        try {
            placed = database.inTransaction(connection -> {
                List<Placed> all = new ArrayList<>();
                for (Prepared message : prepared) {
                    Placement placement = place(connection, message, ackMode, now);
                    if (placement != null) {
                        all.add(new Placed(message, placement));
                    }
                }
                return all;
            });
        } catch (RuntimeException batchFailed) {
            placed = new ArrayList<>();
            for (Prepared message : prepared) {
                try {
                    Placement placement = database.inTransaction(connection -> place(connection, message, ackMode,
                            clock.instant()));
                    if (placement != null) {
                        placed.add(new Placed(message, placement));
                    }
                } catch (RuntimeException e) {
                    if (failed(message.rawId(), IntakeFailures.Stage.TICKET, e)) {
                        stoppedAt = message.rawId();
                        break;
                    }
                }
            }
        }
        metrics.stageShared(GatewayMetrics.TICKET, started, prepared.size());
        placed.stream().filter(one -> one.placement().openedTicket()).forEach(one -> metrics.ticketCreated());
        return new PlacedBatch(placed, stoppedAt);
    }

    /**
     * Indexes the placed messages, makes them visible to lookups, proposes near-duplicates for the tickets they
     * opened, then runs the step after ticketing (triage), which runs even when indexing failed.
     *
     * <p>Each new ticket's message is compared with every message placed before it, those of earlier batches and the
     * earlier ones of its own batch, never with one placed after it ({@link ReportIndex#lookupsAfter}), so a burst of
     * reports of one campaign is linked as if they had come one by one.
     */
    private void index(List<Placed> placed) {
        // In parallel: each message's document is built and added (Lucene's writer takes documents from several
        // threads).
        List<ParallelWork.Outcome<IndexedMessage>> added = parallel.map(placed, this::indexOne);
        List<IndexedMessage> indexed = new ArrayList<>();
        List<Integer> opened = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            Placed one = placed.get(i);
            indexed.add(added.get(i).value());
            if (added.get(i).failure() != null) {
                failed(one.message().rawId(), IntakeFailures.Stage.INDEX, added.get(i).failure());
            } else if (one.placement().openedTicket()) {
                opened.add(i);
            }
        }
        if (similar.isPresent() && !opened.isEmpty()) {
            proposeNearDuplicates(placed, indexed, opened);
        }
        List<AfterTicketing.Ticketed> ticketed = new ArrayList<>();
        for (Placed one : placed) {
            ticketed.add(new AfterTicketing.Ticketed(one.placement(), one.message().report(),
                    one.message().raw().sha256()));
        }
        // Issue 9: triage, after indexing and even when indexing failed; the step never throws.
        afterTicketing.ticketedAll(ticketed);
    }

    /**
     * Looks up (in parallel) and records the near-duplicates of the tickets the batch opened ({@code opened}:
     * positions in {@code placed}; {@code indexed}: each placed message as indexed, null where indexing failed).
     */
    private void proposeNearDuplicates(List<Placed> placed, List<IndexedMessage> indexed, List<Integer> opened) {
        List<ParallelWork.Outcome<List<org.csirtgateway.index.SimilarMessage>>> found;
        try (ReportIndex.BatchLookups lookups = index.lookupsAfter(indexed)) {
            found = parallel.map(opened, i -> similar.get().candidates(lookups, i, indexed.get(i),
                    placed.get(i).message().text()));
        } catch (IOException | RuntimeException e) {
            failures.proposalsFailed(opened.size(), e);
            return;
        }
        List<IndexedMessage> messages = new ArrayList<>();
        List<List<org.csirtgateway.index.SimilarMessage>> proposals = new ArrayList<>();
        for (int k = 0; k < opened.size(); k++) {
            if (found.get(k).failure() != null) {
                failures.proposalsFailed(1, found.get(k).failure());
                continue;
            }
            messages.add(indexed.get(opened.get(k)));
            proposals.add(found.get(k).value());
        }
        try {
            similar.get().record(messages, proposals);
        } catch (RuntimeException e) {
            failures.proposalsFailed(messages.size(), e);
        }
    }

    /** Adds a placed message to the index; returns it as indexed. */
    private IndexedMessage indexOne(Placed one) throws IOException {
        Placement placement = one.placement();
        ParsedReport report = one.message().report();
        RawRow raw = one.message().raw();
        long started = System.nanoTime();
        // A follow-up or duplicate joins a ticket analysts may have worked: it is indexed with the ticket's status and
        // category as they are now, so status and category filters find the ticket once, as it is.
        String[] state = placement.openedTicket() ? new String[] {"new", null} : database.read(connection ->
                Sql.one(connection, "SELECT status, category FROM tickets WHERE id = ?",
                        row -> new String[] {row.getString(1), row.getString(2)}, placement.ticketId()))
                .orElse(new String[] {"new", null});
        IndexedMessage indexed = IndexedMessages.of(placement.messageRowId(), placement.ticketId(),
                report.subject(), report.sender(), report.searchableText(), raw.fetchedAt(), state[0], state[1],
                raw.channel(), report.attachments(), ExtractedIndicators.forIndex(report.details().indicators()));
        index.index(indexed, one.message().text());
        metrics.stage(GatewayMetrics.INDEX, started);
        return indexed;
    }

    private void commitIndex() {
        try {
            indexCommits.changed();
        } catch (IOException | RuntimeException e) {
            failures.indexCommitFailed(e);
        }
    }

    /** Processes messages kept but not finished (after a crash or restart) that are due now. Returns how many. */
    public int processPending() {
        int total = 0;
        int batch;
        do {
            batch = processDue(ROUND);
            total += batch;
        } while (batch == ROUND);
        return total;
    }

    /**
     * Processes up to {@code limit} pending messages that are due (new ones, and failed ones whose retry time has
     * come), oldest first, in batches ({@link #processBatch}), then commits the index once. Returns how many were
     * tried; stops early when failures cannot be recorded.
     */
    public int processDue(int limit) {
        List<Long> due = database.read(connection -> Sql.list(connection, DUE, row -> row.getLong(1),
                clock.instant(), limit));
        int tried = 0;
        List<List<Long>> batches = batches(due);
        // Pipelined: while a batch is placed on tickets (one transaction, in order, on this thread), the next one is
        // already being read and parsed on the other cores, and the one before is being indexed (and triaged)
        // behind; placing never waits for the network or the index, and both cores stay busy.
        ParallelWork.Started<Prepared> reading = batches.isEmpty() ? null : startReading(batches.get(0));
        java.util.concurrent.Future<?>[] indexing = new java.util.concurrent.Future<?>[1];
        java.util.function.Consumer<List<Placed>> indexBehind = placed -> {
            if (indexing[0] != null) {
                ParallelWork.await(indexing[0]); // one batch indexed at a time: the heap holds at most two
            }
            indexing[0] = parallel.behind(() -> index(placed));
        };
        try {
            for (int i = 0; i < batches.size(); i++) {
                List<ParallelWork.Outcome<Prepared>> read = reading.await();
                reading = i + 1 < batches.size() ? startReading(batches.get(i + 1)) : null;
                int done = processBatch(batches.get(i), read, AckMode.POLICY, indexBehind);
                tried += done;
                if (done < batches.get(i).size()) {
                    if (reading != null) {
                        releaseAttachments(successes(reading.await()));
                    }
                    break; // a failure could not be recorded: the database is down
                }
            }
        } finally {
            if (indexing[0] != null) {
                ParallelWork.await(indexing[0]);
            }
        }
        if (tried > 0) {
            commitIndex();
        }
        return tried;
    }

    /** Places one message and queues its acknowledgement, in the caller's transaction; null when no longer pending. */
    private Placement place(java.sql.Connection connection, Prepared message, AckMode ackMode, Instant now)
            throws java.sql.SQLException {
        long rawId = message.rawId();
        RawRow raw = message.raw();
        ParsedReport report = message.report();
        PgpUnwrapper.Unwrapped unwrapped = message.unwrapped();
        boolean stillPending = Sql.count(connection,
                "SELECT COUNT(*) FROM raw_messages WHERE id = ? AND state = 'pending'", rawId) > 0;
        if (!stillPending) {
            return null;
        }
        Placement placement = tickets.place(connection, report, message.text().exactDuplicateKey(), rawId,
                raw.channel(), raw.fetchedAt());
        ReportDetailsRecords.save(connection, placement.messageRowId(), report.details());
        crypto.record(connection, placement.messageRowId(), report.fromAddress(), unwrapped, now);
        if (placement.openedTicket() && ackMode == AckMode.NEVER) {
            Outbox.recordDecision(connection, placement.ticketId(), false, AckMode.IMPORTED_REASON, now);
        } else if (placement.openedTicket()) {
            AcknowledgementPolicy.Decision decision = policy.decide(connection, report, now);
            if (decision.send() && composer.isPresent()) {
                OutgoingMail mail = crypto.protect(connection, composer.get().compose(placement.ticketId(),
                        tickets.ids().tag(placement.ticketId()), CryptoStage.forAcknowledgement(report, unwrapped),
                        now), unwrapped.status());
                Outbox.enqueue(connection, placement.ticketId(), Outbox.ACKNOWLEDGEMENT, mail, now);
                Outbox.recordDecision(connection, placement.ticketId(), true, decision.reason(), now);
            } else {
                String reason = decision.send() ? "acknowledgements are switched off" : decision.reason();
                Outbox.recordDecision(connection, placement.ticketId(), false, reason, now);
            }
        } else if (placement.sameContentAsExistingTicket() && ackMode != AckMode.NEVER) {
            acknowledgeDuplicate(connection, placement, report, now);
        }
        Sql.update(connection, "UPDATE raw_messages SET state = 'processed', failure = NULL, next_attempt_at = NULL "
                + "WHERE id = ?", rawId);
        return placement;
    }

    /**
     * The same report sent again (by its reporter or another party) is acknowledged too, naming the ticket it joined
     * (issue 7). Robots, lists and loops are still never answered; the ticket's first decision stays recorded.
     */
    private void acknowledgeDuplicate(java.sql.Connection connection, Placement placement, ParsedReport report,
                                      Instant now) throws java.sql.SQLException {
        if (composer.isPresent() && policy.decide(connection, report, now).send()) {
            OutgoingMail mail = composer.get().compose(placement.ticketId(),
                    tickets.ids().tag(placement.ticketId()), report, now, placement.ticketId());
            Outbox.enqueue(connection, placement.ticketId(), Outbox.ACKNOWLEDGEMENT, mail, now);
        }
    }

    /** {@code rawIds} in order, cut into batches of at most {@link #BATCH} messages and {@link #MAX_BATCH_BYTES}. */
    private List<List<Long>> batches(List<Long> rawIds) {
        Map<Long, Long> sizes;
        try {
            sizes = database.read(connection -> {
                Map<Long, Long> found = new HashMap<>();
                for (long rawId : rawIds) {
                    Sql.one(connection, "SELECT size_bytes FROM raw_messages WHERE id = ?", row -> row.getLong(1),
                            rawId).ifPresent(size -> found.put(rawId, size));
                }
                return found;
            });
        } catch (RuntimeException e) {
            sizes = Map.of(); // each message then meets the failure itself, and it becomes its outcome
        }
        List<List<Long>> batches = new ArrayList<>();
        List<Long> batch = new ArrayList<>();
        long bytes = 0;
        for (long rawId : rawIds) {
            long size = sizes.getOrDefault(rawId, 0L);
            if (!batch.isEmpty() && (batch.size() == BATCH || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(rawId);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private Map<Long, RawRow> rawRows(List<Long> rawIds) {
        return database.read(connection -> {
            Map<Long, RawRow> rows = new HashMap<>();
            for (long rawId : rawIds) {
                Sql.one(connection, "SELECT sha256, channel, fetched_at, state FROM raw_messages WHERE id = ?",
                        row -> new RawRow(row.getString("sha256"), row.getString("channel"),
                                Sql.instant(row, "fetched_at"), row.getString("state")), rawId)
                        .ifPresent(row -> rows.put(rawId, row));
            }
            return rows;
        });
    }

    private RawRow rawRow(long rawId) {
        return database.read(connection -> Sql.one(connection,
                        "SELECT sha256, channel, fetched_at, state FROM raw_messages WHERE id = ?",
                        row -> new RawRow(row.getString("sha256"), row.getString("channel"),
                                Sql.instant(row, "fetched_at"), row.getString("state")), rawId))
                .orElseThrow(() -> new IllegalStateException("raw message " + rawId + " is not in the database"));
    }

    private record RawRow(String sha256, String channel, Instant fetchedAt, String state) {
    }
}
