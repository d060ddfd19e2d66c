package org.csirtgateway.ui.ticket;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ui.web.Paging;

/** Reads {@code q}, {@code limit} and {@code offset} from a request and runs the list or the search. */
final class TicketSearch {

    static final int MAX_QUERY_LENGTH = 1_000;

    private TicketSearch() {
    }

    static String query(Context ctx) {
        String q = ctx.queryParam("q");
        q = q == null ? "" : q.strip();
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new BadRequestResponse("Invalid q: longer than " + MAX_QUERY_LENGTH + " characters");
        }
        return q;
    }

    static TicketPage run(TicketQueries tickets, String query, Paging paging) throws InvalidQueryException {
        return tickets.search(query, paging.limit(), paging.offset());
    }

    /** The analyst-facing text of a query error, always starting with "Cannot parse query". */
    static String message(InvalidQueryException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.startsWith("Cannot parse query") ? message : "Cannot parse query: " + message;
    }
}
