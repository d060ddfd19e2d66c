package org.csirtgateway.index;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a ticket as the index sees it. Built by the gateway after a message is ticketed; the index never
 * reads mail itself.
 *
 * @param messageKey unique and stable key of the message (the gateway's message row id); re-indexing the same key
 *                   replaces the document, so indexing is idempotent
 * @param ticketId   the ticket the message belongs to, e.g. {@code CSIRT#2026-000123}
 * @param subject    decoded subject
 * @param sender     decoded sender, "Name <address>" or just the address
 * @param body       plain text body (already decoded and converted to text)
 * @param receivedAt when the gateway received the message
 * @param status     the ticket status at indexing time
 */
public record IndexedMessage(
        String messageKey,
        String ticketId,
        String subject,
        String sender,
        String body,
        Instant receivedAt,
        String status) {

    public IndexedMessage {
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        subject = subject == null ? "" : subject;
        sender = sender == null ? "" : sender;
        body = body == null ? "" : body;
        status = status == null ? "" : status;
    }
}
