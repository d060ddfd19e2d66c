package org.csirtgateway.ticket;

import java.util.List;

/**
 * A ticket with its thread of messages, oldest first: received mail (also of tickets merged into it) and the team's
 * replies and forwards (roles reply / forward, no archived original).
 */
public record TicketDetail(TicketSummary summary, AcknowledgementView acknowledgement, List<MessageView> messages,
                           TicketLife life) {
    public TicketDetail {
        messages = List.copyOf(messages);
    }
}
