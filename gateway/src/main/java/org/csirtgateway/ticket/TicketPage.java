package org.csirtgateway.ticket;

import java.util.List;

/**
 * One page of tickets, from the list or from a search.
 *
 * @param total   how many tickets there are in all (or matched)
 * @param tickets the tickets on this page
 */
public record TicketPage(long total, List<FoundTicket> tickets) {
    public TicketPage {
        tickets = List.copyOf(tickets);
    }

    /** A ticket with the search snippet that matched (plain text; empty when listing). */
    public record FoundTicket(TicketSummary ticket, String snippet) {
    }
}
