package org.csirtgateway.ui.ticket;

import java.util.List;

import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ui.web.Chrome;
import org.csirtgateway.ui.web.Format;
import org.csirtgateway.ui.web.Paging;

/**
 * The ticket list, optionally filtered by a search.
 *
 * @param query the search as typed (empty for none)
 * @param error why the search could not run, or null
 */
public record TicketListPage(Chrome chrome, String query, List<TicketPage.FoundTicket> rows, long total,
                             Paging paging, String error) {

    public TicketListPage {
        rows = List.copyOf(rows);
    }

    /** "Tickets 1–50 of 123", "3 matching tickets", "No tickets" ... */
    public String rangeText() {
        if (total == 0 || rows.isEmpty()) {
            return query.isEmpty() ? "No tickets" : "No matching tickets";
        }
        String what = query.isEmpty() ? "Tickets " : "Matches ";
        return what + (paging.offset() + 1) + "–" + (paging.offset() + rows.size()) + " of " + total;
    }

    /** Link to the previous page, or null on the first. */
    public String previousHref() {
        return paging.offset() == 0 ? null : href(Math.max(0, paging.offset() - paging.limit()));
    }

    /** Link to the next page, or null on the last. */
    public String nextHref() {
        long next = (long) paging.offset() + paging.limit();
        return next >= total || next > Paging.MAX_OFFSET ? null : href((int) next);
    }

    private String href(int offset) {
        StringBuilder href = new StringBuilder("/tickets?");
        if (!query.isEmpty()) {
            href.append("q=").append(Format.queryValue(query)).append('&');
        }
        if (paging.limit() != Paging.DEFAULT_LIMIT) {
            href.append("limit=").append(paging.limit()).append('&');
        }
        return href.append("offset=").append(offset).toString();
    }
}
