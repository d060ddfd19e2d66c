package org.csirtgateway.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.search.ExactDuplicates;
import org.csirtgateway.store.Sql;

/**
 * The write side of tickets: puts each parsed message on a ticket, inside the caller's transaction.
 *
 * <p>A message with a Message-ID already on a ticket is a duplicate of that ticket; a subject carrying our ticket tag,
 * or In-Reply-To/References naming a message on a ticket (the reporter's or our acknowledgement), makes a follow-up;
 * a report whose normalised text equals an earlier report's is a duplicate of that one's ticket
 * ({@link ExactDuplicates}); anything else opens a new ticket.
 */
public final class TicketService {

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
        if (report.messageId() != null) {
            Optional<String> seen = routing.ticketOfDuplicate(connection, report.messageId());
            if (seen.isPresent()) {
                return insertMessage(connection, seen.get(), Placement.DUPLICATE, report, rawId, receivedAt,
                        "the same Message-ID is already on this ticket");
            }
        }
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
