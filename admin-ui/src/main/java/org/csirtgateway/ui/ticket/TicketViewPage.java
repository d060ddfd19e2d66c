package org.csirtgateway.ui.ticket;

import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ui.web.Chrome;

/** One ticket with its acknowledgement and thread. */
public record TicketViewPage(Chrome chrome, TicketDetail ticket) {
}
