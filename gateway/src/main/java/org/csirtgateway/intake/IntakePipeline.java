package org.csirtgateway.intake;

import java.io.ByteArrayInputStream;
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
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.evidence.ReportDetailsRecords;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.crypto.PgpUnwrapper;
import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.parse.Attachment;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.search.IndexedMessages;
import org.csirtgateway.search.SimilarTickets;
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

    public IntakePipeline(Database database, RawArchive archive, ReportParser parser, TicketService tickets,
                          AcknowledgementPolicy policy, Optional<AcknowledgementComposer> composer,
                          ReportIndex index, Clock clock, CryptoStage crypto) {
        this(database, archive, parser, tickets, policy, composer, index, clock, crypto, AfterTicketing.NOTHING,
                Optional.empty());
    }

    /**
     * As above, with a step run after ticketing (triage, issue 9) and near-duplicate proposals for new tickets
     * (issue 7).
     */
    public IntakePipeline(Database database, RawArchive archive, ReportParser parser, TicketService tickets,
                          AcknowledgementPolicy policy, Optional<AcknowledgementComposer> composer,
                          ReportIndex index, Clock clock, CryptoStage crypto, AfterTicketing afterTicketing,
                          Optional<SimilarTickets> similar) {
        this.afterTicketing = afterTicketing;
        this.similar = similar;
        this.database = database;
        this.archive = archive;
        try {
            this.attachments = AttachmentStore.besides(archive);
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
        this.failures = new IntakeFailures(database);
    }

    /**
     * Keeps a fetched message: its bytes durably in the archive and a row in the database. Returns the row id, or
     * empty when this (channel, source) was kept before, so re-fetching never creates anything new.
     */
    public Optional<Long> keep(String channel, String source, RawArchive.RawContent raw) throws IOException {
        Optional<Long> known = database.read(connection -> Sql.one(connection,
                "SELECT id FROM raw_messages WHERE channel = ? AND source = ?", row -> row.getLong(1),
                channel, source));
        if (known.isPresent()) {
            return Optional.empty();
        }
        ArchivedMessage archived = archive.store(raw);
        Instant now = clock.instant();
        return Optional.of(database.inTransaction(connection -> Sql.insert(connection, """
                        INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                        VALUES (?, ?, ?, ?, ?, 'pending')""",
                archived.sha256(), archived.sizeBytes(), channel, source, now)));
    }

    /** Parses, tickets, acknowledges and indexes a kept message. Never throws: failures become outcomes. */
    public void process(long rawId) {
        IntakeFailures.Stage stage = IntakeFailures.Stage.READ_ARCHIVE;
        try {
            RawRow raw = rawRow(rawId);
            ParsedReport report;
            PgpUnwrapper.Unwrapped unwrapped;
            try (InputStream in = archive.open(raw.sha256())) {
                byte[] original = in.readAllBytes();
                stage = IntakeFailures.Stage.PARSE;
                // OpenPGP first: the parser reads the decrypted message (or the original, with the reason why not).
                unwrapped = crypto.unwrap(original);
                report = parser.parse(new ByteArrayInputStream(unwrapped.mime()));
            }
            stage = IntakeFailures.Stage.STORE_ATTACHMENTS;
            storeAttachments(report);
            stage = IntakeFailures.Stage.TICKET;
            Placement placement = ticketAndAcknowledge(rawId, raw, report, unwrapped);
            try {
                stage = IntakeFailures.Stage.INDEX;
                IndexedMessage indexed = IndexedMessages.of(placement.messageRowId(), placement.ticketId(),
                        report.subject(), report.sender(), report.searchableText(), raw.fetchedAt(), "new",
                        raw.channel(), report.attachments(), null);
                index.index(indexed);
                index.commit(); // searchable as soon as this returns
                if (placement.openedTicket() && similar.isPresent()) {
                    similar.get().propose(indexed);
                }
            } finally {
                // Issue 9: triage, after indexing (so the message is searchable as early as before) and even when
                // indexing failed; the step never throws.
                afterTicketing.ticketed(placement, report, raw.sha256());
            }
        } catch (IOException | ParseException | RuntimeException e) {
            failures.handle(rawId, stage, e);
        }
    }

    /** Processes messages kept but not finished (after a crash or restart). Returns how many. */
    public int processPending() {
        List<Long> pending = database.read(connection -> Sql.list(connection,
                "SELECT id FROM raw_messages WHERE state = 'pending' ORDER BY id", row -> row.getLong(1)));
        pending.forEach(this::process);
        return pending.size();
    }

    private Placement ticketAndAcknowledge(long rawId, RawRow raw, ParsedReport report,
                                           PgpUnwrapper.Unwrapped unwrapped) {
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            Placement placement = tickets.place(connection, report, rawId, raw.channel(), raw.fetchedAt());
            ReportDetailsRecords.save(connection, placement.messageRowId(), report.details());
            crypto.record(connection, placement.messageRowId(), report.fromAddress(), unwrapped, now);
            if (placement.openedTicket()) {
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
            } else if (placement.sameContentAsExistingTicket()) {
                acknowledgeDuplicate(connection, placement, report, now);
            }
            Sql.update(connection, "UPDATE raw_messages SET state = 'processed', failure = NULL WHERE id = ?", rawId);
            return placement;
        });
    }

    /** Attachment contents go to their store before the ticket refers to them; storing twice keeps one copy. */
    private void storeAttachments(ParsedReport report) throws IOException {
        for (Attachment attachment : report.details().attachments()) {
            if (attachment.stored()) {
                attachments.store(attachment.content());
            }
        }
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

    private RawRow rawRow(long rawId) {
        return database.read(connection -> Sql.one(connection,
                        "SELECT sha256, channel, fetched_at FROM raw_messages WHERE id = ?",
                        row -> new RawRow(row.getString("sha256"), row.getString("channel"),
                                Sql.instant(row, "fetched_at")), rawId))
                .orElseThrow(() -> new IllegalStateException("raw message " + rawId + " is not in the database"));
    }

    private record RawRow(String sha256, String channel, Instant fetchedAt) {
    }
}
