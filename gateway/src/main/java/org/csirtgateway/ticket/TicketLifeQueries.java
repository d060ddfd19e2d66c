package org.csirtgateway.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.csirtgateway.store.Sql;

/** Reads a ticket's life for {@link TicketQueries}, in the caller's read. */
final class TicketLifeQueries {

    private TicketLifeQueries() {
    }

    static TicketLife life(Connection connection, String ticketId) throws SQLException {
        record Row(String assignee, String category, java.time.Instant changedAt, String changedBy,
                   String mergedInto) {
        }
        Row row = Sql.one(connection, """
                        SELECT assignee, category, status_changed_at, status_changed_by, merged_into
                          FROM tickets WHERE id = ?""",
                r -> new Row(r.getString("assignee"), r.getString("category"), Sql.instant(r, "status_changed_at"),
                        r.getString("status_changed_by"), r.getString("merged_into")), ticketId)
                .orElseThrow(() -> new TicketNotFound(ticketId));
        List<String> mergedFrom = Sql.list(connection, "SELECT id FROM tickets WHERE merged_into = ? ORDER BY id",
                r -> r.getString(1), ticketId);
        List<TicketLife.Note> notes = Sql.list(connection,
                "SELECT id, at, author, body FROM ticket_notes WHERE ticket_id = ? ORDER BY id",
                r -> new TicketLife.Note(r.getLong("id"), Sql.instant(r, "at"), r.getString("author"),
                        r.getString("body")), ticketId);
        List<TicketLife.Outgoing> outgoing = Sql.list(connection, """
                        SELECT id, kind, recipient, message_id, state, attempts, last_error, created_at, sent_at, author
                          FROM outbox WHERE ticket_id = ? ORDER BY id""",
                r -> new TicketLife.Outgoing(r.getLong("id"), r.getString("kind"), r.getString("recipient"),
                        r.getString("message_id"), r.getString("state"), r.getInt("attempts"),
                        r.getString("last_error"), Sql.instant(r, "created_at"), Sql.instant(r, "sent_at"),
                        r.getString("author")), ticketId);
        List<TicketLife.Event> events = Sql.list(connection,
                "SELECT at, actor, kind, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id",
                r -> new TicketLife.Event(Sql.instant(r, "at"), r.getString("actor"), r.getString("kind"),
                        r.getString("detail")), ticketId);
        return new TicketLife(row.assignee(), row.category(), row.changedAt(), row.changedBy(), row.mergedInto(),
                mergedFrom, notes, outgoing, events);
    }

    /** The team's replies and forwards as thread messages (their text is kept in the outbox). */
    static List<MessageView> teamMail(Connection connection, String ticketId) throws SQLException {
        return Sql.list(connection, """
                        SELECT o.id, o.kind, o.message_id, o.recipient, o.author, o.subject, o.created_at, o.sent_at,
                               o.body_text, o.state, o.last_error
                          FROM outbox o
                         WHERE o.kind IN ('reply', 'forward')
                           AND (o.ticket_id = ? OR o.ticket_id IN (SELECT id FROM tickets WHERE merged_into = ?))
                         ORDER BY o.id""",
                r -> new MessageView(r.getLong("id"), r.getString("kind"), r.getString("message_id"),
                        r.getString("recipient"), r.getString("author"), nullToEmpty(r.getString("subject")),
                        Sql.instant(r, "sent_at"), Sql.instant(r, "created_at"), nullToEmpty(r.getString("body_text")),
                        delivery(r.getString("state"), r.getString("last_error")), null),
                ticketId, ticketId);
    }

    private static List<String> delivery(String state, String lastError) {
        if ("sent".equals(state)) {
            return List.of();
        }
        return List.of("delivery " + state + (lastError == null ? "" : ": " + lastError));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
