package org.csirtgateway.health;

import java.util.List;

/**
 * The gateway's state for operators and monitoring ({@code GET /api/health}).
 *
 * @param status                  "ok" when every channel polled successfully lately, otherwise "degraded"
 * @param channels                one entry per mailbox
 * @param tickets                 tickets in the database
 * @param pendingAcknowledgements acknowledgements waiting in the outbox
 * @param quarantined             messages kept but not ticketed, with a reason
 * @param failedOutgoing          outgoing mail (acknowledgements, replies, forwards) given up after its retries
 * @param pendingOutgoing         outgoing mail of any kind waiting in the outbox
 * @param backlog                 messages kept but not yet processed (pending)
 */
public record HealthReport(
        String status,
        List<ChannelHealth> channels,
        long tickets,
        long pendingAcknowledgements,
        long quarantined,
        long failedOutgoing,
        long pendingOutgoing,
        long backlog) {

    public HealthReport {
        channels = List.copyOf(channels);
    }

    public HealthReport(String status, List<ChannelHealth> channels, long tickets, long pendingAcknowledgements,
                        long quarantined) {
        this(status, channels, tickets, pendingAcknowledgements, quarantined, 0, pendingAcknowledgements, 0);
    }
}
