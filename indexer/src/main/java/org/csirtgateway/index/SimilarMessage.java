package org.csirtgateway.index;

/**
 * A message of another ticket found similar to a new one.
 *
 * @param ticketId          its ticket
 * @param messageKey        its key
 * @param score             the combined score, 0..1 (see {@link NearDuplicates#score})
 * @param textSimilarity    estimated Jaccard similarity of the normalised texts' word shingles, 0..1
 * @param indicatorOverlap  share of the smaller indicator set found in the other, 0..1, or -1 when either has none
 */
public record SimilarMessage(String ticketId, String messageKey, double score, double textSimilarity,
        double indicatorOverlap) {
}
