package org.csirtgateway.ticket;

import java.util.List;

/** A ticket with its thread of messages, oldest first. */
public record TicketDetail(TicketSummary summary, AcknowledgementView acknowledgement, List<MessageView> messages) {
    public TicketDetail {
        messages = List.copyOf(messages);
    }
}
