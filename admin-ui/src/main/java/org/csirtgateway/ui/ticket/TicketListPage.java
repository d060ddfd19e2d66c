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
                             Paging paging, String error, SearchForm filters) {

    public TicketListPage {
        rows = List.copyOf(rows);
        filters = filters == null ? SearchForm.NONE : filters;
    }

    public TicketListPage(Chrome chrome, String query, List<TicketPage.FoundTicket> rows, long total, Paging paging,
                          String error) {
        this(chrome, query, rows, total, paging, error, SearchForm.NONE);
    }

    /** A piece of a snippet: plain text, marked when the query matched it. The template escapes every piece. */
    public record Piece(String text, boolean marked) {
    }

    /** The snippet of a row cut at its match ranges, for {@code <mark>} around the matched pieces. */
    public static List<Piece> pieces(TicketPage.FoundTicket row) {
        String snippet = row.snippet();
        List<Piece> pieces = new java.util.ArrayList<>();
        int at = 0;
        for (var match : row.matches()) {
            int start = Math.max(at, Math.min(match.start(), snippet.length()));
            int end = Math.max(start, Math.min(match.end(), snippet.length()));
            if (start > at) {
                pieces.add(new Piece(snippet.substring(at, start), false));
            }
            if (end > start) {
                pieces.add(new Piece(snippet.substring(start, end), true));
            }
            at = end;
        }
        if (at < snippet.length()) {
            pieces.add(new Piece(snippet.substring(at), false));
        }
        return pieces;
    }

    /** The filters and order offered by the search form: "open" (every status but resolved), then each status. */
    public List<String> statuses() {
        List<String> statuses = new java.util.ArrayList<>();
        statuses.add(org.csirtgateway.ticket.TicketStatus.OPEN);
        statuses.addAll(org.csirtgateway.ticket.TicketStatus.names());
        return statuses;
    }

    public List<String> indicatorTypes() {
        return List.of("ip", "domain", "url", "email", "hash", "cve");
    }

    public List<String> sorts() {
        return List.of("relevance", "newest", "oldest");
    }

    /** "Tickets 1–50 of 123", "Matches 1–3 of 3", "No tickets" ... in the reader's language. */
    public String rangeText() {
        boolean all = query.isEmpty() && !filters.any();
        if (total == 0 || rows.isEmpty()) {
            return chrome.texts().t(all ? "tickets.range.none" : "tickets.range.noMatch");
        }
        return chrome.texts().t(all ? "tickets.range.all" : "tickets.range.matches", paging.offset() + 1,
                paging.offset() + rows.size(), total);
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
        String[][] params = {{"status", filters.status()}, {"category", filters.category()},
                {"channel", filters.channel()}, {"from", filters.from()}, {"to", filters.to()},
                {"indicator", filters.indicator()}, {"sort", filters.sort()}};
        for (String[] param : params) {
            if (!param[1].isEmpty()) {
                href.append(param[0]).append('=').append(Format.queryValue(param[1])).append('&');
            }
        }
        if (paging.limit() != Paging.DEFAULT_LIMIT) {
            href.append("limit=").append(paging.limit()).append('&');
        }
        return href.append("offset=").append(offset).toString();
    }
}
