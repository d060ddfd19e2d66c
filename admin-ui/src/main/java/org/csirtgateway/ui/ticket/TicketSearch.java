package org.csirtgateway.ui.ticket;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.ui.web.Paging;

/**
 * Reads a search from a request and runs the list or the search: {@code q} (Lucene syntax), the filters
 * {@code status}, {@code category}, {@code channel}, {@code from} and {@code to} (UTC dates, both days included),
 * {@code indicator} (an indicator type: ip, domain, url, email, hash, cve), {@code sort} (relevance, newest, oldest)
 * and {@code limit}/{@code offset}. A bad parameter is a 400 naming it.
 */
final class TicketSearch {

    static final int MAX_QUERY_LENGTH = 1_000;
    static final int MAX_FILTER_LENGTH = 100;

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

    static SearchForm filters(Context ctx) {
        return new SearchForm(param(ctx, "status"), param(ctx, "category"), param(ctx, "channel"), param(ctx, "from"),
                param(ctx, "to"), param(ctx, "indicator"), param(ctx, "sort"));
    }

    /** The search the request asks for; 400 naming the parameter when one is invalid. */
    static SearchRequest request(String query, SearchForm filters, Paging paging) {
        if (!filters.status().isEmpty() && TicketStatus.parse(filters.status()).isEmpty()) {
            throw new BadRequestResponse("Invalid status: '" + filters.status() + "' is not one of "
                    + String.join(", ", TicketStatus.names()));
        }
        Instant from = filters.from().isEmpty() ? null : day(filters.from(), "from");
        Instant to = filters.to().isEmpty() ? null : day(filters.to(), "to").plusSeconds(86_400);
        SearchRequest.Sort sort;
        try {
            sort = SearchRequest.Sort.parse(filters.sort(), SearchRequest.Sort.RELEVANCE);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("Invalid sort: " + e.getMessage());
        }
        try {
            return new SearchRequest(query, filters.status(), filters.category(), filters.channel(), from, to,
                    filters.indicator(), sort, paging.limit(), paging.offset());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String param = message.startsWith("indicator") ? "indicator" : message.contains("date range") ? "to"
                    : "search";
            throw new BadRequestResponse("Invalid " + param + ": " + message);
        }
    }

    static TicketPage run(TicketQueries tickets, String query, Paging paging) throws InvalidQueryException {
        return tickets.search(query, paging.limit(), paging.offset());
    }

    static TicketPage run(TicketQueries tickets, SearchRequest request) throws InvalidQueryException {
        return tickets.search(request);
    }

    /** The analyst-facing text of a query error, always starting with "Cannot parse query". */
    static String message(InvalidQueryException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.startsWith("Cannot parse query") ? message : "Cannot parse query: " + message;
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        value = value == null ? "" : value.strip();
        if (value.length() > MAX_FILTER_LENGTH) {
            throw new BadRequestResponse("Invalid " + name + ": longer than " + MAX_FILTER_LENGTH + " characters");
        }
        return value;
    }

    private static Instant day(String value, String name) {
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw new BadRequestResponse("Invalid " + name + ": '" + value + "' is not a date like 2026-03-01");
        }
    }
}
