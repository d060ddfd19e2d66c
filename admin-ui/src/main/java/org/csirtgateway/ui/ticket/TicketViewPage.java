package org.csirtgateway.ui.ticket;

import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ui.web.Chrome;

/** One ticket with its acknowledgement and thread, and its possible duplicates and related tickets (issue 7). */
public record TicketViewPage(Chrome chrome, TicketDetail ticket, SimilarityPanel similarity) {

    public TicketViewPage(Chrome chrome, TicketDetail ticket) {
        this(chrome, ticket, SimilarityPanel.NONE);
    }
}
