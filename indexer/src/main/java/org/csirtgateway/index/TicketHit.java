package org.csirtgateway.index;

/**
 * A ticket that matched a search, with the best-scoring message's snippet.
 *
 * @param ticketId the matching ticket
 * @param score    relevance of its best message
 * @param snippet  plain text around the match (not HTML; the caller escapes it), possibly empty
 */
public record TicketHit(String ticketId, float score, String snippet) {
}
