package org.csirtgateway.index;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A search: the analyst's query (Lucene syntax, may be blank) plus the filters the UI offers as separate controls,
 * the order and the page. Filters are exact and combine with AND; a blank filter is no filter.
 *
 * @param query         Lucene classic syntax over the documented fields; blank matches every message
 * @param status        ticket status, any case, or {@value #OPEN} for every status but resolved
 * @param category      ticket category, any case
 * @param channel       mailbox the message came in on, any case
 * @param receivedFrom  first instant included, or null
 * @param receivedTo    first instant NOT included (exclusive end), or null
 * @param indicatorType only messages with an indicator of this type ({@link Indicator#TYPES})
 * @param sort          order of the tickets
 * @param limit         most tickets on the page (0 only counts them)
 * @param offset        tickets to skip
 */
public record SearchRequest(String query, String status, String category, String channel, Instant receivedFrom,
        Instant receivedTo, String indicatorType, Sort sort, int limit, int offset) {

    /** The status filter's pseudo-status for tickets that are not resolved. */
    public static final String OPEN = "open";

    /** Order of results. */
    public enum Sort {
        /** Best match first; equal scores newest first. */
        RELEVANCE,
        /** Ticket with the most recently received matching message first. */
        NEWEST,
        /** Ticket with the least recently received (newest) matching message first. */
        OLDEST;

        /** "relevance", "newest" or "oldest", any case; blank is {@code fallback}. */
        public static Sort parse(String value, Sort fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sort must be relevance, newest or oldest");
            }
        }
    }

    public SearchRequest {
        query = query == null ? "" : query;
        status = blankToEmpty(status);
        category = blankToEmpty(category);
        channel = blankToEmpty(channel);
        indicatorType = blankToEmpty(indicatorType).toLowerCase(Locale.ROOT);
        if (!indicatorType.isEmpty() && !Indicator.TYPES.contains(indicatorType)) {
            throw new IllegalArgumentException("indicator type must be one of " + Indicator.TYPES.stream().sorted()
                    .toList());
        }
        if (receivedFrom != null && receivedTo != null && !receivedFrom.isBefore(receivedTo)) {
            throw new IllegalArgumentException("the date range ends before it starts");
        }
        Objects.requireNonNull(sort, "sort");
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative: " + limit + ", " + offset);
        }
    }

    /** A plain query, relevance order. */
    public static SearchRequest of(String query, int limit, int offset) {
        return new SearchRequest(query, "", "", "", null, null, "", Sort.RELEVANCE, limit, offset);
    }

    /** True when only the query is set: no filter. */
    public boolean hasFilters() {
        return !status.isEmpty() || !category.isEmpty() || !channel.isEmpty() || receivedFrom != null
                || receivedTo != null || !indicatorType.isEmpty();
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
