package org.csirtgateway.ui.ticket;

import java.util.List;

import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.triage.TriageView;
import org.csirtgateway.ui.web.Chrome;

/**
 * One ticket with its acknowledgement, thread and life.
 *
 * @param error     why the last change was refused, or null
 * @param triage    the ticket's triage (issue 9), or null when none
 * @param similarity its possible duplicates and related tickets (issue 7)
 */
public record TicketViewPage(Chrome chrome, TicketDetail ticket, String error, TriageView triage,
                             SimilarityPanel similarity) {

    public TicketViewPage(Chrome chrome, TicketDetail ticket) {
        this(chrome, ticket, null, null, SimilarityPanel.NONE);
    }

    /** Whether the forms that change the ticket are shown: to those the route table lets change it. */
    public boolean mayChange() {
        return chrome.can("POST /tickets/{id}/status");
    }

    /** Whether the "mark duplicate" buttons are shown. */
    public boolean mayMarkDuplicate() {
        return chrome.can("POST /tickets/{id}/duplicate-of");
    }

    /** The statuses the ticket may move to now. */
    public List<String> nextStatuses() {
        return TicketStatus.parse(ticket.summary().status())
                .map(status -> status.next().stream().map(TicketStatus::dbName).sorted().toList())
                .orElse(List.of());
    }

    /** Whether the Forward button is shown; others see the suggestion only. */
    public boolean mayForward() {
        return chrome.csrf() != null && chrome.can("POST /tickets/{id}/coordinate");
    }
}
