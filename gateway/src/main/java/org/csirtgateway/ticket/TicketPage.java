package org.csirtgateway.ticket;

import java.util.List;

import org.csirtgateway.index.TicketHit;

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

    /**
     * A ticket with the search snippet that matched (plain text; empty when listing) and where the query matched in
     * it ([start, end) char offsets, ascending, for the UI to mark after escaping).
     */
    public record FoundTicket(TicketSummary ticket, String snippet, List<TicketHit.Match> matches) {
        public FoundTicket {
            matches = matches == null ? List.of() : List.copyOf(matches);
        }

        public FoundTicket(TicketSummary ticket, String snippet) {
            this(ticket, snippet, List.of());
        }
    }
}
