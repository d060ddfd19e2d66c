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

    private Outbox() {
    }

    public static void enqueue(Connection connection, String ticketId, String kind, OutgoingMail mail, Instant now)
            throws SQLException {
        Sql.update(connection, """
                INSERT INTO outbox (ticket_id, kind, recipient, message_id, mime, state, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)""",
                ticketId, kind, mail.recipient(), mail.messageId(), mail.mime(), now, now);
    }

    /** Records whether the ticket is acknowledged and why; shown on the ticket. */
    public static void recordDecision(Connection connection, String ticketId, boolean queued, String reason,
                                      Instant now) throws SQLException {
        Sql.update(connection, """
                INSERT INTO acknowledgement_decisions (ticket_id, decision, reason, decided_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (ticket_id) DO NOTHING""", ticketId, queued ? "queued" : "suppressed", reason, now);
    }
}
