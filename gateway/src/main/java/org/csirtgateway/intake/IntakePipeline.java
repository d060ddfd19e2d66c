package org.csirtgateway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.ack.AcknowledgementComposer;
import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.ack.Outbox;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.archive.ArchivedMessage;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketService;

/**
 * The path of one message: keep the raw original (archive + database row) before anything else, then parse, place
 * on a ticket with its acknowledgement in the outbox (one transaction), then index. What goes wrong at a stage is
 * turned into an outcome by {@link IntakeFailures}, in one place.
 */
public final class IntakePipeline {

    private final Database database;
    private final RawArchive archive;
    private final ReportParser parser;
    private final TicketService tickets;
    private final AcknowledgementPolicy policy;
    private final Optional<AcknowledgementComposer> composer;
    private final ReportIndex index;
    private final IntakeFailures failures;
    private final Clock clock;

    public IntakePipeline(Database database, RawArchive archive, ReportParser parser, TicketService tickets,
                          AcknowledgementPolicy policy, Optional<AcknowledgementComposer> composer,
                          ReportIndex index, Clock clock) {
        this(database, archive, parser, tickets, policy, composer, index, clock, RetryPolicy.DEFAULT);
    }

    public IntakePipeline(Database database, RawArchive archive, ReportParser parser, TicketService tickets,
                          AcknowledgementPolicy policy, Optional<AcknowledgementComposer> composer,
                          ReportIndex index, Clock clock, RetryPolicy retry) {
        this.database = database;
        this.archive = archive;
        this.parser = parser;
        this.tickets = tickets;
        this.policy = policy;
        this.composer = composer;
        this.index = index;
        this.clock = clock;
        this.failures = new IntakeFailures(database, clock, retry);
    }

    /**
     * Keeps a fetched message: its bytes durably in the archive and a row in the database. Returns the row id, or
     * empty when it was kept before, so re-fetching never creates anything new:
     * <ul>
     *   <li>the same (channel, source) was kept, e.g. the same folder, UIDVALIDITY and UID;</li>
     *   <li>the same bytes (archive key: SHA-256 of the raw message, which covers its Message-ID header) were kept in
     *       this channel from another mailbox epoch, e.g. before the server changed UIDVALIDITY.</li>
     * </ul>
     * The same bytes under another UID of the same folder and UIDVALIDITY are a second delivery (a reporter sending
     * the same mail twice) and are kept, to be placed on the first ticket as a duplicate.
     *
     * @param source where it came from, {@code <epoch>:<id>}, e.g. {@code imap:INBOX:<uidvalidity>:<uid>}
     */
    public Optional<Long> keep(String channel, String source, RawArchive.RawContent raw) throws IOException {
        List<Optional<Long>> kept = keepAll(channel, List.of(new Incoming(source, raw)));
        return kept.get(0);
    }

    /** A fetched message to keep: where it came from ({@code <epoch>:<id>}) and its raw bytes. */
    public record Incoming(String source, RawArchive.RawContent raw) {
    }

    /**
     * {@link #keep}s several messages with one database transaction: each one's bytes are durably archived first,
     * then all rows are committed together. Returns, in order, each one's new row id or empty when kept before.
     */
    public List<Optional<Long>> keepAll(String channel, List<Incoming> messages) throws IOException {
        List<Boolean> known = database.read(connection -> {
            List<Boolean> result = new java.util.ArrayList<>();
            for (Incoming message : messages) {
                result.add(Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE channel = ? AND source = ?",
                        channel, message.source()) > 0);
            }
            return result;
        });
        List<ArchivedMessage> archived = new java.util.ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            archived.add(known.get(i) ? null : archive.store(messages.get(i).raw()));
        }
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
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
    }

    /** {@code imap:INBOX:7:42} -> {@code imap:INBOX:7}: the mailbox epoch within which ids are distinct deliveries. */
    private static String epochOf(String source) {
        int last = source.lastIndexOf(':');
        return last < 0 ? source : source.substring(0, last);
    }

    /**
     * Parses, tickets, acknowledges and indexes a kept message. Never throws: failures become outcomes (retry later
     * or quarantine, see {@link IntakeFailures}). Returns false when the failure could not even be recorded (the
     * database is unavailable), so a caller looping over messages can pause.
     */
    public boolean process(long rawId) {
        boolean recorded = ticket(rawId);
        indexBacklog();
        return recorded;
    }

    /** Parses and places a kept message on a ticket with its acknowledgement; indexing is left to the backlog. */
    private boolean ticket(long rawId) {
        IntakeFailures.Stage stage = IntakeFailures.Stage.READ_ARCHIVE;
        try {
            RawRow raw = rawRow(rawId);
            if (!raw.state().equals("pending")) {
                return true;
            }
            ParsedReport report;
            try (InputStream in = archive.open(raw.sha256())) {
                stage = IntakeFailures.Stage.PARSE;
                report = parser.parse(in);
            }
            stage = IntakeFailures.Stage.TICKET;
            ticketAndAcknowledge(rawId, raw, report);
            return true;
        } catch (IOException | ParseException | RuntimeException e) {
            return failures.handle(rawId, stage, e) != IntakeFailures.Outcome.UNRECORDED;
        }
    }

    /**
     * Indexes every message placed on a ticket but not yet in the committed index, with one index commit, then
     * clears them from the backlog. Returns how many were indexed; a failure is logged and they stay for next time.
     */
    public int indexBacklog() {
        try {
            List<IndexedMessage> backlog = database.read(connection -> Sql.list(connection, """
                    SELECT m.id, m.ticket_id, m.subject, m.from_address, m.from_name, m.body_text, m.received_at,
                           t.status
                      FROM index_backlog b JOIN messages m ON m.id = b.message_id JOIN tickets t ON t.id = m.ticket_id
                     ORDER BY b.message_id LIMIT 1000""", row -> new IndexedMessage(String.valueOf(row.getLong(1)),
                    row.getString(2), row.getString(3), sender(row.getString(4), row.getString(5)), row.getString(6),
                    Sql.instant(row, "received_at"), row.getString(8))));
            if (backlog.isEmpty()) {
                return 0;
            }
            for (IndexedMessage message : backlog) {
                index.index(message);
            }
            index.commit();
            database.inTransaction(connection -> {
                for (IndexedMessage message : backlog) {
                    Sql.update(connection, "DELETE FROM index_backlog WHERE message_id = ?",
                            Long.parseLong(message.messageKey()));
                }
                return null;
            });
            return backlog.size();
        } catch (IOException | RuntimeException e) {
            failures.indexingFailed(e);
            return 0;
        }
    }

    private static String sender(String address, String name) {
        if (address == null) {
            return "(unknown sender)";
        }
        return name == null || name.isBlank() ? address : name + " <" + address + ">";
    }

    /** Processes messages kept but not finished (after a crash or restart) that are due now. Returns how many. */
    public int processPending() {
        int total = 0;
        int batch;
        do {
            batch = processDue(100);
            total += batch;
        } while (batch == 100);
        return total;
    }

    /**
     * Processes up to {@code limit} pending messages that are due (new ones, and failed ones whose retry time has
     * come), oldest first. Returns how many were tried; stops early when failures cannot be recorded.
     */
    public int processDue(int limit) {
        List<Long> due = database.read(connection -> Sql.list(connection, """
                SELECT id FROM raw_messages
                 WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                 ORDER BY id LIMIT ?""", row -> row.getLong(1), clock.instant(), limit));
        int tried = 0;
        for (long rawId : due) {
            tried++;
            if (!ticket(rawId)) {
                break;
            }
        }
        indexBacklog();
        return tried;
    }

    private Optional<Placement> ticketAndAcknowledge(long rawId, RawRow raw, ParsedReport report) {
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            boolean stillPending = Sql.count(connection,
                    "SELECT COUNT(*) FROM raw_messages WHERE id = ? AND state = 'pending'", rawId) > 0;
            if (!stillPending) {
                return Optional.<Placement>empty();
            }
            Placement placement = tickets.place(connection, report, rawId, raw.channel(), raw.fetchedAt());
            if (placement.openedTicket()) {
                AcknowledgementPolicy.Decision decision = policy.decide(report);
                if (decision.send() && composer.isPresent()) {
                    OutgoingMail mail = composer.get().compose(placement.ticketId(),
                            tickets.ids().tag(placement.ticketId()), report, now);
                    Outbox.enqueue(connection, placement.ticketId(), Outbox.ACKNOWLEDGEMENT, mail, now);
                    Outbox.recordDecision(connection, placement.ticketId(), true, decision.reason(), now);
                } else {
                    String reason = decision.send() ? "acknowledgements are switched off" : decision.reason();
                    Outbox.recordDecision(connection, placement.ticketId(), false, reason, now);
                }
            }
            Sql.update(connection, "UPDATE raw_messages SET state = 'processed', failure = NULL, next_attempt_at = NULL "
                    + "WHERE id = ?", rawId);
            Sql.update(connection, "INSERT INTO index_backlog (message_id) VALUES (?)", placement.messageRowId());
            return Optional.of(placement);
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
