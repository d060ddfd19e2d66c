package org.csirtgateway.index;

import java.util.List;

/**
 * A ticket that matched a search, with the best-scoring message's snippet.
 *
 * @param ticketId the matching ticket
 * @param score    relevance of its best message
 * @param snippet  plain text around the match (not HTML; the caller escapes it), possibly empty
 * @param matches  where the query matched in {@code snippet}, as [start, end) char offsets, ascending and not
 *                 overlapping: a UI escapes each piece of the snippet and wraps the matched pieces in {@code <mark>}
 */
public record TicketHit(String ticketId, float score, String snippet, List<Match> matches) {

    public TicketHit {
        matches = matches == null ? List.of() : List.copyOf(matches);
    }

    public TicketHit(String ticketId, float score, String snippet) {
        this(ticketId, score, snippet, List.of());
    }

    /** A matched range of a snippet: chars [start, end). */
    public record Match(int start, int end) {
        public Match {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad match range [" + start + ", " + end + ")");
            }
        }
    }
}
