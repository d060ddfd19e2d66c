package org.csirtgateway.ui.ticket;

import java.util.List;

import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.ui.web.Chrome;

/**
 * One ticket with its acknowledgement, thread and life.
 *
 * @param mayChange whether the forms that change the ticket are shown (not to read-only users)
 * @param error     why the last change was refused, or null
 */
public record TicketViewPage(Chrome chrome, TicketDetail ticket, boolean mayChange, String error) {

    public TicketViewPage(Chrome chrome, TicketDetail ticket) {
        this(chrome, ticket, false, null);
    }

    /** The statuses the ticket may move to now. */
    public List<String> nextStatuses() {
        return TicketStatus.parse(ticket.summary().status())
                .map(status -> status.next().stream().map(TicketStatus::dbName).sorted().toList())
                .orElse(List.of());
    }
}
