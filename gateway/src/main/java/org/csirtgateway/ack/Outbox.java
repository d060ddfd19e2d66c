package org.csirtgateway.ack;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.csirtgateway.store.Sql;

/**
 * The transactional outbox: outgoing mail is written in the same transaction as the ticket it belongs to, and the
 * {@link OutboxSender} delivers it later. A crash between the two never loses an acknowledgement.
 */
public final class Outbox {

    public static final String ACKNOWLEDGEMENT = "acknowledgement";
    /** An analyst's reply to the reporter. */
    public static final String REPLY = "reply";
    /** An analyst's forward of the report to another team. */
    public static final String FORWARD = "forward";

    private Outbox() {
    }

    public static void enqueue(Connection connection, String ticketId, String kind, OutgoingMail mail, Instant now)
            throws SQLException {
        Sql.update(connection, """
                INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)""",
                ticketId, kind, mail.recipient(), mail.messageId(), mail.mime(), now, now);
    }

    /** Queues mail an analyst wrote, keeping its subject, text and author to show it in the ticket's thread. */
    public static long enqueueTeamMail(Connection connection, String ticketId, String kind, OutgoingMail mail,
                                       String subject, String bodyText, String author, Instant now)
            throws SQLException {
        return Sql.insert(connection, """
                INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, next_attempt_at, created_at,
                                    subject, body_text, author)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)""",
                ticketId, kind, mail.recipient(), mail.messageId(), mail.mime(), now, now, subject, bodyText, author);
    }

    /** Records whether the ticket is acknowledged and why; shown on the ticket. */
    public static void recordDecision(Connection connection, String ticketId, boolean queued, String reason,
                                      Instant now) throws SQLException {
        Sql.update(connection, """
                INSERT INTO acknowledgement_decisions (ticket_id, decision, reason, decided_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (ticket_id) DO NOTHING""", ticketId, queued ? "queued" : "suppressed", reason, now);
    }
}
