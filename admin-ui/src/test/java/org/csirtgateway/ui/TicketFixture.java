package org.csirtgateway.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.csirtgateway.reason.Finding;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.evidence.ReportDetailsRecords;
import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.parse.Attachment;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketService;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/** Puts tickets straight into the database and the search index, as the intake pipeline would leave them. */
final class TicketFixture {

    private final Database database;
    private final ReportIndex index;
    private final AttachmentStore attachments;
    private final org.csirtgateway.archive.RawArchive archive;
    private long rawCounter;

    TicketFixture(Database database, ReportIndex index, AttachmentStore attachments) {
        this(database, index, attachments, null);
    }

    /** As above, keeping each raw mail in {@code archive} as the intake does (null: a made-up archive key). */
    TicketFixture(Database database, ReportIndex index, AttachmentStore attachments,
                  org.csirtgateway.archive.RawArchive archive) {
        this.database = database;
        this.index = index;
        this.attachments = attachments;
        this.archive = archive;
    }

    /**
     * A ticket made from a raw mail the way the intake pipeline makes it: parsed, attachments stored, placed on a new
     * ticket with its evidence, fields and indicators, indexed. Returns the ticket ID.
     */
    String fromMail(String rawMail, Instant receivedAt) {
        long rawNumber = ++rawCounter;
        ParsedReport report;
        try {
            report = new ReportParser().parse(new java.io.ByteArrayInputStream(
                    rawMail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
            for (Attachment attachment : report.details().attachments()) {
                if (attachment.stored()) {
                    attachments.store(attachment.content());
                }
            }
        } catch (ParseException | IOException e) {
            throw new IllegalStateException(e);
        }
        TicketService service = new TicketService(new TicketIds("CSIRT#"));
        String archiveKey;
        try {
            archiveKey = archive == null ? "%064x".formatted(rawNumber) : archive.store(new java.io.ByteArrayInputStream(
                    rawMail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))).sha256();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Placement placement = database.inTransaction(connection -> {
            long rawId = Sql.insert(connection, """
                            INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                            VALUES (?, ?, 'csirt', ?, ?, 'processed')""",
                    archiveKey, rawMail.length(), "imap:INBOX:1:" + rawNumber, receivedAt);
            Placement placed = service.place(connection, report, rawId, "csirt", receivedAt);
            ReportDetailsRecords.save(connection, placed.messageRowId(), report.details());
            return placed;
        });
        try {
            // As the pipeline indexes it: the parser's indicators in their exact-match fields.
            index.index(org.csirtgateway.search.IndexedMessages.of(placement.messageRowId(), placement.ticketId(),
                    report.subject(), report.sender(), report.searchableText(), receivedAt, "new", "csirt",
                    report.attachments(), org.csirtgateway.search.ExtractedIndicators.forIndex(
                            report.details().indicators())));
            index.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return placement.ticketId();
    }

    /** A ticket with one report message; acknowledged (sent) when {@code ackSentAt} is not null. */
    void ticket(String id, String subject, String reporter, String body, Instant receivedAt, Instant ackSentAt) {
        long rawNumber = ++rawCounter;
        long messageId = database.inTransaction(connection -> {
            long rawId = Sql.insert(connection, """
                            INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                            VALUES (?, ?, 'csirt', ?, ?, 'processed')""",
                    "%064x".formatted(rawNumber), body.length(), "imap:INBOX:1:" + rawNumber, receivedAt);
            Sql.update(connection, """
                            INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at)
                            VALUES (?, ?, ?, 'csirt', 'new', ?, ?)""", id, subject, reporter, receivedAt, receivedAt);
            long message = Sql.insert(connection, """
                            INSERT INTO messages (raw_id, ticket_id, role, message_id, from_address, from_name, subject,
                                                  sent_at, received_at, body_text, parse_warnings)
                            VALUES (?, ?, 'report', ?, ?, ?, ?, ?, ?, ?, ?)""",
                    rawId, id, "m" + rawNumber + "@reporter.example", reporter, "Reporter " + rawNumber, subject,
                    receivedAt.minusSeconds(60), receivedAt, body, "charset missing; assumed UTF-8");
            Sql.update(connection, """
                            INSERT INTO acknowledgement_decisions (ticket_id, decision, reason, decided_at)
                            VALUES (?, 'queued', 'reporter is a person', ?)""", id, receivedAt);
            Sql.insert(connection, """
                            INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, attempts,
                                                next_attempt_at, created_at, sent_at)
                            VALUES (?, 'acknowledgement', ?, ?, ?, ?, 1, ?, ?, ?)""",
                    id, reporter, "ack" + rawNumber + "@csirt.example", "ack".getBytes(StandardCharsets.US_ASCII),
                    ackSentAt == null ? "pending" : "sent", receivedAt, receivedAt, ackSentAt);
            // The indicators the parser would have stored for this text (a rebuild of the index reads these).
            for (var indicator : org.csirtgateway.indicator.IndicatorExtractor.withoutAllowlist().extract(body,
                    "body")) {
                Sql.update(connection, "INSERT OR IGNORE INTO indicators (message_id, type, value, source) "
                        + "VALUES (?, ?, ?, ?)", message, indicator.type(), indicator.value(), indicator.source());
            }
            return message;
        });
        try {
            index.index(new IndexedMessage(Long.toString(messageId), id, subject, reporter, body, receivedAt, "new"));
            index.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records which span of the ticket's first message body was protected (encrypted and signed by {@code signer}),
     * and the notes beside the badges, as the crypto stage would.
     */
    void protectedSpan(String ticketId, int start, int end, String signer, List<Finding> notes) {
        database.inTransaction(connection -> {
            long messageId = Sql.one(connection, "SELECT MIN(id) AS id FROM messages WHERE ticket_id = ?",
                    row -> row.getLong("id"), ticketId).orElseThrow();
            Sql.update(connection, "UPDATE message_crypto SET notes = ? WHERE message_row_id = ?",
                    Finding.toStored(notes), messageId);
            return Sql.update(connection, """
                            INSERT INTO message_protected_parts (message_row_id, position, span_start, span_end,
                                encryption, encryption_detail, signature, signer_fingerprint, signer_user_id,
                                signature_detail)
                            VALUES (?, 0, ?, ?, 'decrypted', ?, 'good', ?, ?, ?)""", messageId, start, end,
                    Finding.of("decrypted", "A".repeat(40), "CSIRT").toStored(), "B".repeat(40), signer,
                    Finding.of("good", signer, "B".repeat(40)).toStored());
        });
    }

    /** Records an OpenPGP status on the ticket's messages, as the crypto stage would. */
    void crypto(String ticketId, String encryption, String encryptionDetail, String signature, String signerUserId,
                String signatureDetail) {
        database.inTransaction(connection -> Sql.update(connection, """
                        INSERT INTO message_crypto (message_row_id, encryption, encryption_detail, signature,
                                                    signer_fingerprint, signer_user_id, signature_detail)
                        SELECT id, ?, ?, ?, ?, ?, ? FROM messages WHERE ticket_id = ?""",
                encryption, encryptionDetail, signature, "A".repeat(40), signerUserId, signatureDetail, ticketId));
    }
}
