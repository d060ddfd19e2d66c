package org.csirtgateway.ticket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.ContentMissing;
import org.csirtgateway.archive.RawHeaders;
import org.csirtgateway.evidence.AttachmentView;
import org.csirtgateway.evidence.ReportDetailsRecords;
import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SearchPage;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.index.TicketHit;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.store.Database;
import org.csirtgateway.evidence.MessageDetails;
import org.csirtgateway.store.Sql;

/** The read side of tickets, for the admin UI and the API: list, search, and one ticket with its thread. */
public final class TicketQueries {

    private static final String SUMMARY_SELECT = """
            SELECT t.id, t.subject, t.reporter, t.channel, t.status, t.received_at,
                   (SELECT MIN(o.sent_at) FROM outbox o
                     WHERE o.ticket_id = t.id AND o.kind = 'acknowledgement' AND o.state = 'sent') AS acknowledged_at,
                   (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id
                       OR m.ticket_id IN (SELECT x.id FROM tickets x WHERE x.merged_into = t.id)) AS message_count
              FROM tickets t
            """;

    private final Database database;
    private final ReportIndex index;
    private final Optional<AttachmentStore> attachments;
    private final Optional<RawHeaders> headers;

    /** Read side without attachment downloads or archived headers. */
    public TicketQueries(Database database, ReportIndex index) {
        this.database = database;
        this.index = index;
        this.attachments = Optional.empty();
        this.headers = Optional.empty();
    }

    public TicketQueries(Database database, ReportIndex index, AttachmentStore attachments) {
        this.database = database;
        this.index = index;
        this.attachments = Optional.of(attachments);
        this.headers = Optional.empty();
    }

    /** With the full headers of archived originals too ({@link #fullHeaders}). */
    public TicketQueries(Database database, ReportIndex index, AttachmentStore attachments, RawHeaders headers) {
        this.database = database;
        this.index = index;
        this.attachments = Optional.of(attachments);
        this.headers = Optional.of(headers);
    }

    /**
     * The header block of each message of the ticket as it arrived, by the archive key of its original (what "full
     * headers" shows); empty without an archive. Messages whose original is missing from the archive are left out.
     */
    public Map<String, String> fullHeaders(TicketDetail ticket) {
        if (headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> found = new java.util.LinkedHashMap<>();
        for (MessageView message : ticket.messages()) {
            String sha256 = message.archiveSha256();
            if (sha256 != null && sha256.matches("[0-9a-f]{64}") && !found.containsKey(sha256)) {
                headers.get().of(sha256).ifPresent(block -> found.put(sha256, block));
            }
        }
        return found;
    }

    /** An attachment with its content, for download. */
    public record AttachmentDownload(AttachmentView attachment, java.io.InputStream content) {
    }

    /**
     * Opens an attachment of this ticket by its SHA-256; empty when the ticket has no stored attachment with that hash
     * (so a hash from another ticket, or any other string, finds nothing).
     *
     * @throws ContentMissing when the ticket has the attachment but its content is not in this installation's
     *                        attachment store (its directory was not restored with the database)
     */
    public Optional<AttachmentDownload> openAttachment(String ticketId, String sha256) throws IOException {
        if (attachments.isEmpty() || sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Optional<AttachmentView> found = database.read(connection -> Sql.one(connection, """
                SELECT a.evidence_position, a.filename, a.declared_type, a.detected_type, a.size_bytes, a.sha256,
                       a.stored
                  FROM attachments a JOIN messages m ON m.id = a.message_id
                 WHERE m.ticket_id = ? AND a.sha256 = ? AND a.stored = 1 ORDER BY a.id LIMIT 1""",
                row -> new AttachmentView(row.getInt(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getLong(5), row.getString(6), true), ticketId, sha256));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AttachmentDownload(found.get(), attachments.get().open(sha256)));
    }

    /** Tickets newest first. */
    public TicketPage list(int limit, int offset) {
        return database.read(connection -> {
            long total = Sql.count(connection, "SELECT COUNT(*) FROM tickets");
            List<TicketPage.FoundTicket> tickets = Sql.list(connection,
                    SUMMARY_SELECT + " ORDER BY t.received_at DESC, t.id DESC LIMIT ? OFFSET ?",
                    row -> new TicketPage.FoundTicket(summary(row), ""), limit, offset);
            return new TicketPage(total, tickets);
        });
    }

    /**
     * Full-text search in Lucene query syntax; a blank query lists tickets newest first.
     *
     * @throws InvalidQueryException when the query cannot be parsed (its message is meant for the analyst)
     */
    public TicketPage search(String query, int limit, int offset) throws InvalidQueryException {
        return search(SearchRequest.of(query, limit, offset));
    }

    /**
     * Search with the UI's filters, order and paging; a blank query without filters in the default order
     * lists tickets newest first from the database. Filters without search words are answered from the database too
     * ({@link TicketListing}), so they see each ticket's current status and category (the dashboard's links).
     *
     * @throws InvalidQueryException when the query cannot be parsed (its message is meant for the analyst)
     */
    public TicketPage search(SearchRequest request) throws InvalidQueryException {
        if (request.query().isBlank() && !request.hasFilters() && request.sort() != SearchRequest.Sort.OLDEST) {
            return list(request.limit(), request.offset());
        }
        if (request.query().isBlank()) {
            return database.read(connection -> TicketListing.list(connection, SUMMARY_SELECT, request));
        }
        SearchPage page;
        try {
            page = index.search(request);
        } catch (IOException e) {
            throw new UncheckedIOException("Search index cannot be read: " + e.getMessage(), e);
        }
        Map<String, TicketSummary> byId = summaries(page.hits().stream().map(TicketHit::ticketId).toList());
        List<TicketPage.FoundTicket> found = new ArrayList<>();
        for (TicketHit hit : page.hits()) {
            TicketSummary summary = byId.get(hit.ticketId());
            if (summary != null) {
                found.add(new TicketPage.FoundTicket(summary, hit.snippet(), hit.matches()));
            }
        }
        return new TicketPage(page.totalTickets(), found);
    }

    public Optional<TicketDetail> find(String ticketId) {
        return database.read(connection -> {
            Optional<TicketSummary> summary = Sql.one(connection, SUMMARY_SELECT + " WHERE t.id = ?",
                    TicketQueries::summary, ticketId);
            if (summary.isEmpty()) {
                return Optional.empty();
            }
            List<MessageView> thread = new ArrayList<>(messages(connection, ticketId));
            thread.addAll(TicketLifeQueries.teamMail(connection, ticketId));
            thread.sort(java.util.Comparator.comparing(MessageView::receivedAt));
            return Optional.of(new TicketDetail(summary.get(), acknowledgement(connection, ticketId), thread,
                    TicketLifeQueries.life(connection, ticketId)));
        });
    }

    private Map<String, TicketSummary> summaries(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String placeholders = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return database.read(connection -> {
            Map<String, TicketSummary> result = new LinkedHashMap<>();
            for (TicketSummary summary : Sql.list(connection, SUMMARY_SELECT + " WHERE t.id IN (" + placeholders + ")",
                    TicketQueries::summary, ids.toArray())) {
                result.put(summary.id(), summary);
            }
            return result;
        });
    }

    private static AcknowledgementView acknowledgement(Connection connection, String ticketId) throws SQLException {
        Optional<String[]> decision = Sql.one(connection,
                "SELECT decision, reason FROM acknowledgement_decisions WHERE ticket_id = ?",
                row -> new String[] {row.getString("decision"), row.getString("reason")}, ticketId);
        if (decision.isEmpty()) {
            return AcknowledgementView.none();
        }
        return Sql.one(connection, """
                        SELECT state, recipient, sent_at, last_error FROM outbox
                         WHERE ticket_id = ? AND kind = 'acknowledgement' ORDER BY id LIMIT 1""",
                        row -> new AcknowledgementView(decision.get()[0], decision.get()[1], row.getString("state"),
                                row.getString("recipient"), Sql.instant(row, "sent_at"), row.getString("last_error")),
                        ticketId)
                .orElse(new AcknowledgementView(decision.get()[0], decision.get()[1], null, null, null, null));
    }

    private static List<MessageView> messages(Connection connection, String ticketId) throws SQLException {
        List<MessageView> messages = new ArrayList<>();
        for (MessageView m : plainMessages(connection, ticketId)) {
            messages.add(new MessageView(m.id(), m.role(), m.messageId(), m.fromAddress(), m.fromName(), m.subject(),
                    m.sentAt(), m.receivedAt(), m.bodyText(), m.parseWarnings(), m.archiveSha256(),
                    ReportDetailsRecords.load(connection, m.id()), withProtectedParts(connection, m.id(), m.crypto())));
        }
        return messages;
    }

    private static List<MessageView> plainMessages(Connection connection, String ticketId) throws SQLException {
        return Sql.list(connection, """
                SELECT m.id, m.role, m.message_id, m.from_address, m.from_name, m.subject, m.sent_at, m.received_at,
                       m.body_text, m.parse_warnings, r.sha256,
                       c.encryption, c.encryption_detail, c.signature, c.signer_fingerprint, c.signer_user_id,
                       c.signature_detail, c.notes
                  FROM messages m JOIN raw_messages r ON r.id = m.raw_id
                  LEFT JOIN message_crypto c ON c.message_row_id = m.id
                 WHERE m.ticket_id = ? OR m.ticket_id IN (SELECT id FROM tickets WHERE merged_into = ?)
                 ORDER BY m.received_at, m.id""", row -> new MessageView(
                row.getLong("id"), row.getString("role"), row.getString("message_id"),
                row.getString("from_address"), row.getString("from_name"), row.getString("subject"),
                Sql.instant(row, "sent_at"), Sql.instant(row, "received_at"), row.getString("body_text"),
                warnings(row.getString("parse_warnings")), row.getString("sha256"), MessageDetails.NONE, crypto(row)),
                ticketId, ticketId);
    }

    private static MessageCrypto crypto(ResultSet row) throws SQLException {
        if (row.getString("encryption") == null) {
            return MessageCrypto.NOT_CHECKED;
        }
        return new MessageCrypto(row.getString("encryption"), Finding.fromStored(row.getString("encryption_detail")),
                row.getString("signature"), row.getString("signer_fingerprint"), row.getString("signer_user_id"),
                Finding.fromStored(row.getString("signature_detail")), Finding.listFromStored(row.getString("notes")),
                List.of());
    }

    /** The message's protected spans, read only for messages that have OpenPGP findings at all. */
    private static MessageCrypto withProtectedParts(Connection connection, long messageRowId, MessageCrypto crypto)
            throws SQLException {
        if (!crypto.encrypted() && !crypto.signed()) {
            return crypto;
        }
        List<MessageCrypto.Span> parts = Sql.list(connection, """
                        SELECT span_start, span_end, encryption, encryption_detail, signature, signer_user_id,
                               signature_detail
                          FROM message_protected_parts WHERE message_row_id = ? ORDER BY position""",
                row -> new MessageCrypto.Span(row.getInt("span_start"), row.getInt("span_end"), true,
                        row.getString("encryption"), Finding.fromStored(row.getString("encryption_detail")),
                        row.getString("signature"), row.getString("signer_user_id"),
                        Finding.fromStored(row.getString("signature_detail"))), messageRowId);
        return new MessageCrypto(crypto.encryption(), crypto.encryptionDetail(), crypto.signature(),
                crypto.signerFingerprint(), crypto.signerUserId(), crypto.signatureDetail(), crypto.notes(), parts);
    }

    private static List<String> warnings(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split("\n"));
    }

    static TicketSummary summary(ResultSet row) throws SQLException {
        return new TicketSummary(row.getString("id"), row.getString("subject"), row.getString("reporter"),
                row.getString("channel"), row.getString("status"), Sql.instant(row, "received_at"),
                Sql.instant(row, "acknowledged_at"), row.getInt("message_count"));
    }
}
