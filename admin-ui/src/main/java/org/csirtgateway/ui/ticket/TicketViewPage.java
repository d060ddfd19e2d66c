package org.csirtgateway.ui.ticket;

import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.triage.TriageView;
import org.csirtgateway.ui.web.Chrome;

/** One ticket with its acknowledgement, triage (issue 9; null when none) and thread. */
public record TicketViewPage(Chrome chrome, TicketDetail ticket, TriageView triage) {

    public TicketViewPage(Chrome chrome, TicketDetail ticket) {
        this(chrome, ticket, null);
    }

    /** Analysts and admins may forward; read-only users see the suggestion only. */
    public boolean mayForward() {
        return chrome.csrf() != null && !"read-only".equals(chrome.roleName());
    }
}
