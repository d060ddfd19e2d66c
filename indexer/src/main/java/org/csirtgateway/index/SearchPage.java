package org.csirtgateway.index;

import java.util.List;

/**
 * One page of search results, grouped by ticket (several messages of one ticket count once).
 *
 * @param totalTickets how many distinct tickets matched in all
 * @param hits         the tickets on this page, best first
 */
public record SearchPage(long totalTickets, List<TicketHit> hits) {
    public SearchPage {
        hits = List.copyOf(hits);
    }
}
