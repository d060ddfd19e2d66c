package org.csirtgateway.ticket;

import java.time.Instant;

/**
 * A ticket as listed: what an analyst scans in the ticket list.
 *
 * @param acknowledgedAt when the SMTP server accepted the acknowledgement, or null if none was (yet) sent
 */
public record TicketSummary(
        String id,
        String subject,
        String reporter,
        String channel,
        String status,
        Instant receivedAt,
        Instant acknowledgedAt,
        int messageCount) {
}
