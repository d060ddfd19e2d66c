package org.csirtgateway.ticket;

import java.time.Instant;

/**
 * What happened to a ticket's acknowledgement.
 *
 * @param decision  queued (an acknowledgement was written to the outbox), suppressed (deliberately none), or none
 *                  (no decision recorded)
 * @param reason    why, in words, e.g. "sender is a robot: Auto-Submitted: auto-replied"
 * @param delivery  pending | sent | failed, or null when nothing was queued
 * @param recipient the address it goes to, or null
 * @param sentAt    when the SMTP server accepted it, or null
 * @param lastError the last delivery error, or null
 */
public record AcknowledgementView(
        String decision,
        String reason,
        String delivery,
        String recipient,
        Instant sentAt,
        String lastError) {

    public static AcknowledgementView none() {
        return new AcknowledgementView("none", "", null, null, null, null);
    }
}
