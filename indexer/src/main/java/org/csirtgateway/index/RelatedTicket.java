package org.csirtgateway.index;

import java.time.Instant;

/**
 * A ticket with a message mentioning an indicator.
 *
 * @param ticketId the ticket
 * @param lastSeen when the newest of its messages mentioning the indicator was received
 */
public record RelatedTicket(String ticketId, Instant lastSeen) {
}
