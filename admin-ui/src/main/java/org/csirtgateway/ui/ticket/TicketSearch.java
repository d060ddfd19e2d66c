package org.csirtgateway.ui.ticket;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.ui.web.LocalizedResponse;
import org.csirtgateway.ui.web.Paging;

/**
 * Reads a search from a request and runs the list or the search: {@code q} (Lucene syntax), the filters
 * {@code status} (or {@code open}), {@code category}, {@code channel}, {@code from} and {@code to} (dates in the team's
 * time zone, both days included),
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
            throw new LocalizedResponse(400, "search.invalid.tooLong", "q", MAX_QUERY_LENGTH);
        }
        return q;
    }

    static SearchForm filters(Context ctx) {
        return new SearchForm(param(ctx, "status"), param(ctx, "category"), param(ctx, "channel"), param(ctx, "from"),
                param(ctx, "to"), param(ctx, "indicator"), param(ctx, "sort"));
    }

    /** The search the request asks for, dates in UTC; 400 naming the parameter when one is invalid. */
    static SearchRequest request(String query, SearchForm filters, Paging paging) {
        return request(query, filters, paging, ZoneOffset.UTC);
    }

    /** The search the request asks for, {@code from} and {@code to} being days in {@code zone}. */
    static SearchRequest request(String query, SearchForm filters, Paging paging, ZoneId zone) {
        if (!filters.status().isEmpty() && !filters.status().equalsIgnoreCase(SearchRequest.OPEN)
                && TicketStatus.parse(filters.status()).isEmpty()) {
            throw new BadRequestResponse("Invalid status: '" + filters.status() + "' is not one of "
                    + SearchRequest.OPEN + ", " + String.join(", ", TicketStatus.names()));
        }
        Instant from = filters.from().isEmpty() ? null : day(filters.from(), "from", zone);
        Instant to = filters.to().isEmpty() ? null : day(filters.to(), "to", 1, zone);
        SearchRequest.Sort sort;
        try {
            sort = SearchRequest.Sort.parse(filters.sort(), SearchRequest.Sort.RELEVANCE);
        } catch (IllegalArgumentException e) {
            throw new LocalizedResponse(400, "search.invalid.sort");
        }
        try {
            return new SearchRequest(query, filters.status(), filters.category(), filters.channel(), from, to,
                    filters.indicator(), sort, paging.limit(), paging.offset());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message.startsWith("indicator")) {
                throw new LocalizedResponse(400, "search.invalid.indicator", org.csirtgateway.index.Indicator.TYPES
                        .stream().sorted().toList());
            }
            if (message.contains("date range")) {
                throw new LocalizedResponse(400, "search.invalid.range");
            }
            throw new BadRequestResponse("Invalid search: " + message);
        }
    }

    static TicketPage run(TicketQueries tickets, String query, Paging paging) throws InvalidQueryException {
        return tickets.search(query, paging.limit(), paging.offset());
    }

    static TicketPage run(TicketQueries tickets, SearchRequest request) throws InvalidQueryException {
        return tickets.search(request);
    }

    /** What the query parser said, without the "Cannot parse query: " that {@link #message} starts with. */
    static String detail(InvalidQueryException e) {
        String message = message(e);
        return message.startsWith("Cannot parse query: ") ? message.substring("Cannot parse query: ".length())
                : message.substring("Cannot parse query".length()).strip();
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
            throw new LocalizedResponse(400, "search.invalid.tooLong", name, MAX_FILTER_LENGTH);
        }
        return value;
    }

    private static Instant day(String value, String name, ZoneId zone) {
        return day(value, name, 0, zone);
    }

    /** The start of the day {@code plusDays} after the date {@code value} in {@code zone}. */
    private static Instant day(String value, String name, int plusDays, ZoneId zone) {
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw new LocalizedResponse(400, "search.invalid.date", name, value);
        }
    }
}
