package org.csirtgateway.intake;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.csirtgateway.ack.AcknowledgementComposer;
import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.retry.RetryPolicy;
import org.csirtgateway.search.ExactDuplicates;
import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a message, stage by stage: {@link KeepStage keep} the raw original before anything else, {@link
 * UnwrapAndParse unwrap and parse}, {@link StoreAttachments store its attachments}, {@link PlaceStage place it on a
 * ticket} with its acknowledgement, then {@link IndexStage index} it, {@link CompareStage compare} a new ticket's
 * report with the earlier ones, and triage the new ticket ({@link AfterTicketing}). Each stage's completion is durable
 * state: keeping and placing in {@code raw_messages.state}, the later stages in {@link StagesDue}, so
 * {@link #finishIncomplete} finishes whatever a crash, a lost index or an interrupted import left undone, with the
 * result an uninterrupted run would have given.
 *
 * <p>Messages travel in batches: kept messages are processed a batch at a time, read and parsed on every core while
 * the batch before is placed on tickets in one transaction, and indexed, compared and triaged behind the next batch.
 * What goes wrong at a stage becomes an outcome in {@link IntakeFailures}, in one place, for the message it concerns
 * alone. Every way a message enters (mailbox, import, retry out of quarantine, recovery) goes through here; built once,
 * by the gateway's composition root.
 */
public final class IntakePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IntakePipeline.class);

    private final Database database;
    private final KeepStage keep;
    private final UnwrapAndParse read;
    private final StoreAttachments attachments;
    private final PlaceStage place;
    private final IndexStage indexing;
    private final CompareStage compare;
    private final AfterTicketing triage;
    private final StagesDue stages;
    private final IndexCommits indexCommits;
    private final IntakeFailures failures;
    private final Clock clock;
    private final ParallelWork parallel = new ParallelWork("intake-parallel");
    private final IntakeObserver observer;
    private final org.csirtgateway.search.Reindexer fallback;

    /**
     * The whole pipeline.
     *
     * @param composer     acknowledgements, empty when they are switched off
     * @param crypto       OpenPGP unwrapping before parsing and protection of acknowledgements
     * @param triage       the triage of new tickets
     * @param similar      near-duplicate proposals for new tickets
     * @param indexCommits when the search index is committed (the running gateway defers it, see there)
     * @param retry        how often and how soon a failed message is tried again before quarantine
     * @param observer     told when a batch passes each stage boundary
     */
    public IntakePipeline(Database database, RawArchive archive, AttachmentStore attachmentStore, ReportParser parser,
                          TicketService tickets, AcknowledgementPolicy policy,
                          Optional<AcknowledgementComposer> composer, ReportIndex index, Clock clock,
                          CryptoStage crypto, AfterTicketing triage, SimilarTickets similar, GatewayMetrics metrics,
                          IndexCommits indexCommits, StagesDue stages, RetryPolicy retry, IntakeObserver observer) {
        this.database = database;
        this.observer = observer;
        this.fallback = new org.csirtgateway.search.Reindexer(database);
        this.clock = clock;
        this.failures = new IntakeFailures(database, clock, retry, metrics);
        this.keep = new KeepStage(database, archive, clock, metrics);
        this.read = new UnwrapAndParse(archive, crypto, parser, metrics);
        this.attachments = new StoreAttachments(attachmentStore, failures, metrics);
        this.place = new PlaceStage(database, tickets, policy, composer, crypto, clock, metrics, failures);
        this.indexing = new IndexStage(database, index, indexCommits, metrics);
        this.compare = new CompareStage(database, index, similar, failures, parallel);
        this.triage = triage;
        this.stages = stages;
        this.indexCommits = indexCommits;
    }

    /** A fetched message to keep: where it came from ({@code <epoch>:<id>}) and its raw bytes. */
    public record Incoming(String source, RawArchive.RawContent raw) {
    }

    /** What keeping a message of history did with it. */
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
     * Keeps a fetched message: its bytes durably in the archive and a row in the database. Returns the row id, or
     * empty when this (channel, source) was kept before, so re-fetching never creates anything new.
     */
    public Optional<Long> keep(String channel, String source, RawArchive.RawContent raw) throws IOException {
        return keepAll(channel, List.of(new Incoming(source, raw))).get(0);
    }

    /**
     * Keeps fetched messages with their bytes forced to disk together and one database commit. Returns, in order,
     * each one's new row id or empty when kept before.
     */
    public List<Optional<Long>> keepAll(String channel, List<Incoming> messages) throws IOException {
        List<Optional<Long>> kept = keep.keepFetched(channel, messages);
        observer.passed(IntakeObserver.Boundary.KEPT);
        return kept;
    }

    /**
     * Keeps messages of history in one pack and one commit, also recognising bytes kept before under any source (the
     * same history imported twice from different files). {@code ackMode} is kept with each message.
     */
    public List<Kept> keepHistory(String channel, List<Incoming> messages, AckMode ackMode) throws IOException {
        List<Kept> kept = keep.keepHistory(channel, messages, ackMode);
        observer.passed(IntakeObserver.Boundary.KEPT);
        return kept;
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

    /**
     * The next pending messages that are due, oldest first. SQLite reads raw_messages_state in id order and stops
     * after the limit; without that index it would sort every pending message on each call, the whole backlog.
     */
    static final String DUE = """
            SELECT id FROM raw_messages
             WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
             ORDER BY id LIMIT ?""";

    /** Processes a kept message to the last stage. Never throws: failures become outcomes. */
    public void process(long rawId) {
        processAll(List.of(rawId));
    }

    /** Processes kept messages to the last stage, in batches, then commits the index. Never throws. */
    public void processAll(List<Long> rawIds) {
        if (rawIds.isEmpty()) {
            return;
        }
        processInBatches(rawIds);
        commitIndex();
    }

    /** Processes messages kept but not finished (after a crash or restart) that are due now. Returns how many. */
    public int processPending() {
        int total = 0;
        int round;
        do {
            round = processDue(ROUND);
            total += round;
        } while (round == ROUND);
        return total;
    }

    /**
     * Processes up to {@code limit} pending messages that are due (new ones, and failed ones whose retry time has
     * come), oldest first, then commits the index (or leaves it to the schedule). Returns how many were tried; stops
     * early when failures cannot be recorded.
     */
    public int processDue(int limit) {
        List<Long> due = database.read(connection -> Sql.list(connection, DUE, row -> row.getLong(1),
                clock.instant(), limit));
        int tried = processInBatches(due);
        if (tried > 0) {
            commitIndex();
        }
        return tried;
    }

    /**
     * Pipelined: while a batch is placed on tickets (one transaction, in order, on this thread), the next one is
     * already being read and parsed on the other cores, and the one before is being indexed, compared and triaged
     * behind; placing never waits for the network or the index, and both cores stay busy. Returns how many messages
     * were tried: fewer than given when a failure could not even be recorded (the database is unavailable).
     */
    private int processInBatches(List<Long> rawIds) {
        int tried = 0;
        List<List<Long>> batches = batches(rawIds);
        ParallelWork.Started<Prepared> reading = batches.isEmpty() ? null : startReading(batches.get(0));
        Future<?>[] behind = new Future<?>[1];
        Consumer<List<Placed>> afterPlacing = placed -> {
            if (behind[0] != null) {
                ParallelWork.await(behind[0]); // one batch behind at a time: the heap holds at most two
            }
            behind[0] = parallel.behind(() -> afterPlacing(placed, true));
        };
        try {
            for (int i = 0; i < batches.size(); i++) {
                List<ParallelWork.Outcome<Prepared>> read = reading.await();
                reading = i + 1 < batches.size() ? startReading(batches.get(i + 1)) : null;
                int done = processBatch(batches.get(i), read, afterPlacing);
                tried += done;
                if (done < batches.get(i).size()) {
                    if (reading != null) {
                        StoreAttachments.release(successes(reading.await()));
                    }
                    break; // a failure could not be recorded: the database is down
                }
            }
        } finally {
            if (behind[0] != null) {
                ParallelWork.await(behind[0]);
            }
        }
        return tried;
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
        return parallel.start(rawIds, rawId -> {
            RawRow raw = known.containsKey(rawId) ? known.get(rawId) : rawRow(rawId);
            return raw.pending() ? read.read(raw) : null; // null: processed meanwhile
        });
    }

    /**
     * Places a batch already read and parsed ({@code read}, in order); what is placed is handed to {@code after}.
     * A message that failed a stage is handed to {@link IntakeFailures} and the others go on. Returns how many
     * messages were tried.
     */
    private int processBatch(List<Long> rawIds, List<ParallelWork.Outcome<Prepared>> read,
                             Consumer<List<Placed>> after) {
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
            IntakeFailures.Stage stage = outcome.failure() instanceof UnwrapAndParse.Failure failure ? failure.stage
                    : IntakeFailures.Stage.PARSE;
            Throwable cause = outcome.failure() instanceof UnwrapAndParse.Failure ? outcome.failure().getCause()
                    : outcome.failure();
            if (failed(rawIds.get(i), stage, cause)) {
                break; // the database is down: the rest stay pending; what was read is still placed
            }
        }
        List<Prepared> stored = attachments.storeAll(prepared);
        StoreAttachments.release(prepared);
        PlaceStage.PlacedBatch placed = place.placeAll(stored);
        observer.passed(IntakeObserver.Boundary.PLACED);
        after.accept(placed.placed());
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

    /**
     * The stages after placing, for messages on their tickets in placing order: each is indexed (in parallel), each
     * new ticket's report is compared with the reports before it, and each new ticket is triaged (even when indexing
     * failed). A stage that fails stays due ({@link StagesDue}) and is finished later.
     *
     * @param justPlaced whether the messages were placed just now (a new ticket is then indexed as new)
     */
    private void afterPlacing(List<Placed> placed, boolean justPlaced) {
        List<ParallelWork.Outcome<IndexedMessage>> added = parallel.map(placed,
                one -> indexing.add(one, justPlaced));
        Map<Long, IndexedMessage> indexed = new HashMap<>();
        for (int i = 0; i < placed.size(); i++) {
            if (added.get(i).failure() != null) {
                failed(placed.get(i).message().rawId(), IntakeFailures.Stage.INDEX, added.get(i).failure());
            } else {
                indexed.put(placed.get(i).placement().messageRowId(), added.get(i).value());
            }
        }
        observer.passed(IntakeObserver.Boundary.INDEXED);
        compareAndTriage(indexed, placed, placed);
    }

    /**
     * Compares the reports of {@code toCompare} that are indexed, then triages {@code toTriage}: new tickets only.
     */
    private void compareAndTriage(Map<Long, IndexedMessage> indexed, List<Placed> toCompare, List<Placed> toTriage) {
        List<CompareStage.NewReport> reports = new ArrayList<>();
        for (Placed one : toCompare) {
            IndexedMessage message = indexed.get(one.placement().messageRowId());
            if (one.placement().openedTicket() && message != null) {
                reports.add(new CompareStage.NewReport(message, one));
            }
        }
        compare.compare(reports);
        observer.passed(IntakeObserver.Boundary.COMPARED);
        List<AfterTicketing.Ticketed> ticketed = new ArrayList<>();
        for (Placed one : toTriage) {
            if (one.placement().openedTicket()) {
                ticketed.add(new AfterTicketing.Ticketed(one.placement(), one.message().report(),
                        one.message().raw().sha256()));
            }
        }
        triage.ticketedAll(ticketed); // never throws: a failure is the triage's own outcome
        observer.passed(IntakeObserver.Boundary.TRIAGED);
    }

    /**
     * Finishes the stages after placing that are due for the oldest messages (at most {@code limit} messages), left
     * undone by a crash, a lost index, a failure or an interrupted import: each message is read again from its
     * original (the same unwrapping and parsing, so the same text and indicators), indexed again, and, where due,
     * compared with the messages before it and triaged. Messages indexed and waiting for the next index commit are
     * under way, not due. Returns how many messages were worked on.
     */
    public int finishIncomplete(int limit) {
        List<StagesDue.Due> due = stages.oldest(limit, indexCommits.uncommitted());
        if (due.isEmpty()) {
            return 0;
        }
        Map<Long, List<StagesDue.Stage>> byMessage = new LinkedHashMap<>();
        due.forEach(one -> byMessage.computeIfAbsent(one.messageId(), id -> new ArrayList<>()).add(one.stage()));
        List<Long> ids = new ArrayList<>(byMessage.keySet());
        ReadAgain again = readAgain(ids);
        List<Placed> placed = again.placed();
        List<Long> unreadable = again.unreadable();
        unreadable.forEach(id -> LOG.warn("Message {} is on its ticket, but its original cannot be read again ({}): "
                + "its {} is finished from its database row where it can be", id, again.why().get(id),
                byMessage.get(id)));
        finishFromTheDatabase(unreadable, byMessage);
        rememberBodyKeys(placed);
        List<ParallelWork.Outcome<IndexedMessage>> added = parallel.map(placed, one -> indexing.add(one, false));
        Map<Long, IndexedMessage> indexed = new HashMap<>();
        for (int i = 0; i < placed.size(); i++) {
            if (added.get(i).failure() != null) {
                failures.indexingFailed(added.get(i).failure());
            } else {
                indexed.put(placed.get(i).placement().messageRowId(), added.get(i).value());
            }
        }
        compareAndTriage(indexed,
                placed.stream().filter(one -> byMessage.get(one.placement().messageRowId())
                        .contains(StagesDue.Stage.COMPARE)).toList(),
                placed.stream().filter(one -> byMessage.get(one.placement().messageRowId())
                        .contains(StagesDue.Stage.TRIAGE)).toList());
        StoreAttachments.release(placed.stream().map(Placed::message).toList());
        commitIndex();
        return ids.size();
    }

    /**
     * The stages due for messages whose original cannot be read (say a restored installation without its archive):
     * the index entry is made from the database row, which lacks only the text of attachments; comparison and triage,
     * which need the parsed report, are given up, as the log says.
     */
    private void finishFromTheDatabase(List<Long> unreadable, Map<Long, List<StagesDue.Stage>> due) {
        List<Long> stillDue = new ArrayList<>();
        Map<Long, String> keys = new LinkedHashMap<>();
        for (long id : unreadable) {
            if (due.get(id).contains(StagesDue.Stage.INDEX)) {
                try {
                    java.util.Optional<IndexedMessage> stored = fallback.messageOf(id);
                    if (stored.isPresent()) {
                        indexing.addAsStored(stored.get()); // done at the next index commit
                        String key = ExactDuplicates.keyOf(stored.get().body());
                        if (key != null) {
                            keys.put(id, key);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    stillDue.add(id); // tried again later, like any index stage that failed
                    failures.indexingFailed(e);
                }
            }
        }
        rememberBodyKeys(keys);
        List<Long> givenUp = unreadable.stream().filter(id -> !stillDue.contains(id)
                && !indexCommits.uncommitted().contains(id)).toList();
        stages.done(StagesDue.Stage.INDEX, givenUp);
        stages.done(StagesDue.Stage.COMPARE, unreadable);
        stages.done(StagesDue.Stage.TRIAGE, unreadable);
    }

    /**
     * The normalised-body key of reports that have none yet (kept before exact-duplicate detection existed), so that
     * later copies of them are recognised too; one transaction for the round.
     */
    private void rememberBodyKeys(List<Placed> placed) {
        Map<Long, String> keys = new LinkedHashMap<>();
        for (Placed one : placed) {
            if (one.placement().openedTicket() && one.message().text().exactDuplicateKey() != null) {
                keys.put(one.placement().messageRowId(), one.message().text().exactDuplicateKey());
            }
        }
        rememberBodyKeys(keys);
    }

    private void rememberBodyKeys(Map<Long, String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            for (Map.Entry<Long, String> key : keys.entrySet()) {
                Sql.update(connection, """
                        INSERT INTO message_fingerprints (message_row_id, body_key)
                        SELECT id, ? FROM messages WHERE id = ? AND role = 'report'
                        ON CONFLICT (message_row_id) DO NOTHING""", key.getValue(), key.getKey());
            }
            return null;
        });
    }

    /** Finishes every stage that is due ({@link #finishIncomplete}) and commits the index. Returns how many messages. */
    public long finishAllIncomplete(java.util.function.LongConsumer progress) {
        long total = 0;
        int round;
        do {
            round = finishIncomplete(ROUND);
            total += round;
            progress.accept(total);
        } while (round > 0);
        return total;
    }

    /**
     * Indexes a ticket's messages again, read from their originals through the same stages as at intake, with the
     * ticket's status and category as they are now, and commits, so that a search filtered by status or category
     * finds the ticket as it is while its entries stay what the intake made of them (attachment text included). A
     * message whose original cannot be read is indexed from its database row.
     */
    public void reindexTicket(String ticketId) throws IOException {
        List<Long> ids = database.read(connection -> Sql.list(connection,
                "SELECT id FROM messages WHERE ticket_id = ? ORDER BY id", row -> row.getLong(1), ticketId));
        ReadAgain again = readAgain(ids);
        Map<Long, IndexedMessage> fromDatabase = new HashMap<>();
        for (IndexedMessage message : fallback.messagesOf(ticketId)) {
            fromDatabase.put(Long.parseLong(message.messageKey()), message);
        }
        indexing.deleteTicket(ticketId);
        try {
            for (Placed one : again.placed()) {
                indexing.add(one, false);
            }
            for (long id : again.unreadable()) {
                if (fromDatabase.containsKey(id)) {
                    indexing.addAsStored(fromDatabase.get(id));
                }
            }
        } finally {
            StoreAttachments.release(again.placed().stream().map(Placed::message).toList());
        }
        indexCommits.commitNow();
    }

    /**
     * Commits the search index now, whatever the schedule, so that every index stage so far is done (the end of an
     * import, of a tool's work).
     */
    public void commitIndexNow() {
        indexCommits.commitIfChanged();
    }

    /** A message on its ticket, with the kept original it was read from. */
    private record PlacedRow(String ticketId, String role, RawRow raw) {
    }

    /**
     * Messages on tickets read again from their originals: those read, as placed (in the order asked), and those whose
     * original could not be read, with why.
     */
    private record ReadAgain(List<Placed> placed, List<Long> unreadable, Map<Long, String> why) {
    }

    /** Reads messages already on tickets again from their originals, on every core, through the same stage. */
    private ReadAgain readAgain(List<Long> messageIds) {
        Map<Long, PlacedRow> rows = placedRows(messageIds);
        List<ParallelWork.Outcome<Prepared>> read = parallel.map(messageIds, id -> rows.containsKey(id)
                ? this.read.read(rows.get(id).raw()) : null);
        List<Placed> placed = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        Map<Long, String> why = new HashMap<>();
        for (int i = 0; i < messageIds.size(); i++) {
            long id = messageIds.get(i);
            Prepared prepared = read.get(i).value();
            if (prepared == null) {
                unreadable.add(id);
                Throwable cause = read.get(i).failure() instanceof UnwrapAndParse.Failure failure
                        ? failure.getCause() : read.get(i).failure();
                why.put(id, cause == null ? "the message is no longer in the database" : IntakeFailures.describe(
                        cause instanceof Exception e ? e : new IllegalStateException(cause)));
                continue;
            }
            PlacedRow row = rows.get(id);
            placed.add(new Placed(prepared, new Placement(row.ticketId(), row.role(), id, "", false)));
        }
        return new ReadAgain(placed, unreadable, why);
    }

    private Map<Long, PlacedRow> placedRows(java.util.Collection<Long> messageIds) {
        return database.read(connection -> {
            Map<Long, PlacedRow> rows = new HashMap<>();
            for (long id : messageIds) {
                Sql.one(connection, "SELECT m.ticket_id, m.role, r.id, r.sha256, r.channel, r.fetched_at, r.state, "
                                + "r.ack_mode FROM messages m JOIN raw_messages r ON r.id = m.raw_id WHERE m.id = ?",
                        row -> new PlacedRow(row.getString("ticket_id"), row.getString("role"), RawRow.of(row)), id)
                        .ifPresent(row -> rows.put(id, row));
            }
            return rows;
        });
    }

    private void commitIndex() {
        try {
            indexCommits.batchDone();
        } catch (IOException | RuntimeException e) {
            failures.indexCommitFailed(e);
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

    private static List<Prepared> successes(List<ParallelWork.Outcome<Prepared>> outcomes) {
        return outcomes.stream().map(ParallelWork.Outcome::value).filter(java.util.Objects::nonNull).toList();
    }

    private Map<Long, RawRow> rawRows(List<Long> rawIds) {
        return database.read(connection -> {
            Map<Long, RawRow> rows = new HashMap<>();
            for (long rawId : rawIds) {
                Sql.one(connection, "SELECT " + RawRow.COLUMNS + " FROM raw_messages WHERE id = ?", RawRow::of, rawId)
                        .ifPresent(row -> rows.put(rawId, row));
            }
            return rows;
        });
    }

    private RawRow rawRow(long rawId) {
        return database.read(connection -> Sql.one(connection,
                        "SELECT " + RawRow.COLUMNS + " FROM raw_messages WHERE id = ?", RawRow::of, rawId))
                .orElseThrow(() -> new IllegalStateException("raw message " + rawId + " is not in the database"));
    }
}
