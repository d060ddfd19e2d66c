package org.csirtgateway.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.search.ExactDuplicates;
import org.csirtgateway.store.Sql;

/**
 * The write side of tickets: puts each parsed message on a ticket, inside the caller's transaction.
 *
 * <p>A message with a Message-ID already on a ticket and the same content (the same raw bytes, or the same
 * exact-duplicate key as the message there) is a re-delivery: a duplicate of that ticket. A message that reuses a known
 * Message-ID with other content is not hidden as a duplicate: it is placed by the rules below like any message, and
 * the clash is recorded on both tickets ({@value #CLASH_EVENT} events, stored as {@link Finding}s), since reusing a
 * Message-ID is a cheap way to make a report disappear. A subject carrying our ticket tag,
 * or In-Reply-To/References naming a message on a ticket (the reporter's or our acknowledgement), makes a follow-up;
 * a report whose normalised text equals an earlier report's is a duplicate of that one's ticket
 * ({@link ExactDuplicates}); anything else opens a new ticket.
 */
public final class TicketService {

    /** The kind of ticket event that records a Message-ID reused with other content. */
    public static final String CLASH_EVENT = "message-id-clash";

    private final TicketIds ids;
    private final TicketRouting routing;

    public TicketService(TicketIds ids) {
        this(ids, List.of());
    }

    /** @param legacyTags subject tags of earlier ticket systems that still route mail to their tickets */
    public TicketService(TicketIds ids, List<LegacyTagPattern> legacyTags) {
        this.ids = ids;
        this.routing = new TicketRouting(ids, legacyTags);
    }

    public TicketIds ids() {
        return ids;
    }

    public Placement place(Connection connection, ParsedReport report, long rawId, String channel, Instant receivedAt)
            throws SQLException {
        return place(connection, report, ExactDuplicates.keyOf(report.searchableText()), rawId, channel, receivedAt);
    }

    /**
     * As {@link #place(Connection, ParsedReport, long, String, Instant)}, with the report's exact-duplicate key
     * ({@link ExactDuplicates#keyOf} of its searchable text) worked out beforehand, outside the transaction.
     */
    public Placement place(Connection connection, ParsedReport report, String bodyKey, long rawId, String channel,
                           Instant receivedAt) throws SQLException {
        List<String> clashes = List.of();
        List<Known> known = report.messageId() == null ? List.of()
                : knownWithMessageId(connection, report.messageId());
        if (!known.isEmpty()) { // rare: the raw message's hash is read only then
            String rawSha256 = Sql.one(connection, "SELECT sha256 FROM raw_messages WHERE id = ?",
                    row -> row.getString(1), rawId).orElse(null);
            for (Known same : known) {
                if (same.sha256().equals(rawSha256) || bodyKey != null && bodyKey.equals(same.bodyKey())
                        || same.sameText(report)) {
                    String ticket = TicketRouting.survivorOf(connection, same.ticketId()).orElse(same.ticketId());
                    return insertMessage(connection, ticket, Placement.DUPLICATE, report, rawId, receivedAt,
                            "the same Message-ID is already on this ticket");
                }
            }
            java.util.Set<String> tickets = new java.util.LinkedHashSet<>();
            for (Known other : known) {
                tickets.add(TicketRouting.survivorOf(connection, other.ticketId()).orElse(other.ticketId()));
            }
            clashes = List.copyOf(tickets);
        }
        Placement placement = placeByRoutingAndContent(connection, report, bodyKey, rawId, channel, receivedAt);
        for (String earlier : clashes) {
            // on the ticket the message landed on, and on the one that already had its Message-ID
            TicketCommands.event(connection, placement.ticketId(), receivedAt, "gateway", CLASH_EVENT,
                    Finding.of("message-id-clash", report.messageId(), earlier).toStored());
            if (!earlier.equals(placement.ticketId())) {
                TicketCommands.event(connection, earlier, receivedAt, "gateway", CLASH_EVENT,
                        Finding.of("message-id-reused", report.messageId(), placement.ticketId()).toStored());
            }
        }
        return placement;
    }

    /** A message already on a ticket with the same Message-ID: where it is, and what tells its content. */
    private record Known(String ticketId, String sha256, String bodyKey, String subject, String bodyText) {

        /**
         * The same words under the same subject: a re-delivery whose transport headers differ, also for a text too
         * short for an exact-duplicate key.
         */
        boolean sameText(ParsedReport report) {
            return bodyText != null && normalised(bodyText).equals(normalised(report.bodyText()))
                    && normalised(subject).equals(normalised(report.subject()));
        }

        private static String normalised(String text) {
            return text == null ? "" : text.replaceAll("\\s+", " ").strip();
        }
    }

    private static List<Known> knownWithMessageId(Connection connection, String messageId) throws SQLException {
        return Sql.list(connection, """
                SELECT m.ticket_id, r.sha256, f.body_key, m.subject, m.body_text
                  FROM messages m JOIN raw_messages r ON r.id = m.raw_id
                  LEFT JOIN message_fingerprints f ON f.message_row_id = m.id
                 WHERE m.message_id = ? ORDER BY m.id""",
                row -> new Known(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5)), messageId);
    }

    /** Follow-up by subject tag or references, duplicate by content, else a new ticket. */
    private Placement placeByRoutingAndContent(Connection connection, ParsedReport report, String bodyKey, long rawId,
                                               String channel, Instant receivedAt) throws SQLException {
        Optional<TicketRouting.Route> route = routing.bySubject(connection, report.subject());
        if (route.isEmpty()) {
            route = routing.byReferences(connection, report.inReplyTo(), report.references());
        }
        if (route.isPresent()) {
            return insertMessage(connection, route.get().ticketId(), Placement.FOLLOW_UP, report, rawId, receivedAt,
                    route.get().reason());
        }
        // the same report text as an earlier message (normalised) is a duplicate of that ticket
        // The whole text with forwarded evidence: two reports with the same cover note and different evidence differ.
        Optional<String> sameBody = ExactDuplicates.ticketWithKey(connection, bodyKey);
        if (sameBody.isPresent()) {
            return insertMessage(connection, sameBody.get(), Placement.DUPLICATE, report, rawId, receivedAt,
                    ExactDuplicates.REASON, true);
        }
        String ticketId = openTicket(connection, report, channel, receivedAt);
        Placement placement = insertMessage(connection, ticketId, Placement.REPORT, report, rawId, receivedAt,
                "a new report");
        ExactDuplicates.record(connection, placement.messageRowId(), bodyKey);
        return placement;
    }

    private String openTicket(Connection connection, ParsedReport report, String channel, Instant receivedAt)
            throws SQLException {
        int year = receivedAt.atZone(ZoneOffset.UTC).getYear();
        Sql.update(connection, """
                INSERT INTO ticket_sequences (year, last_number) VALUES (?, 1)
                ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1""", year);
        long number = Sql.count(connection, "SELECT last_number FROM ticket_sequences WHERE year = ?", year);
        String ticketId = ids.format(year, number);
        String subject = report.subject().isBlank() ? "(no subject)" : report.subject();
        String reporter = report.fromAddress() == null ? "(unknown sender)" : report.fromAddress();
        Sql.update(connection, """
                INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at)
                VALUES (?, ?, ?, ?, 'new', ?, ?)""", ticketId, subject, reporter, channel, receivedAt, receivedAt);
        return ticketId;
    }

    private static Placement insertMessage(Connection connection, String ticketId, String role, ParsedReport report,
                                           long rawId, Instant receivedAt, String reason) throws SQLException {
        return insertMessage(connection, ticketId, role, report, rawId, receivedAt, reason, false);
    }

    private static Placement insertMessage(Connection connection, String ticketId, String role, ParsedReport report,
                                           long rawId, Instant receivedAt, String reason, boolean sameContent)
            throws SQLException {
        long rowId = Sql.insert(connection, """
                        INSERT INTO messages (raw_id, ticket_id, role, message_id, in_reply_to, refs, from_address,
                                              from_name, subject, sent_at, received_at, body_text, parse_warnings)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rawId, ticketId, role, report.messageId(), String.join(" ", report.inReplyTo()),
                String.join(" ", report.references()), report.fromAddress(), report.fromName(), report.subject(),
                report.sentAt(), receivedAt, report.bodyText(), String.join("\n", report.warnings()));
        Sql.update(connection, "UPDATE tickets SET updated_at = ? WHERE id = ?", receivedAt, ticketId);
        TicketCommands.event(connection, ticketId, receivedAt, "gateway", "message",
                role + " from " + (report.fromAddress() == null ? "(unknown sender)" : report.fromAddress()) + ": "
                        + reason);
        return new Placement(ticketId, role, rowId, reason, sameContent);
    }
}
