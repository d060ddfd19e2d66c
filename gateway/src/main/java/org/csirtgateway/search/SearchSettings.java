package org.csirtgateway.search;

/**
 * Search and duplicate-detection settings.
 *
 * @param relatedWindowDays       related tickets are those mentioning the same indicator within this many days before
 *                                or after the ticket (config {@code search.relatedWindowDays})
 * @param nearDuplicateThreshold  lowest combined score (0..1) of a proposed "possible duplicate"
 *                                (config {@code search.nearDuplicateThreshold})
 */
public record SearchSettings(int relatedWindowDays, double nearDuplicateThreshold) {

    /** The defaults: 90 days; 0.52, between the best non-duplicate and the worst duplicate of the labelled set. */
    public static final SearchSettings DEFAULTS = new SearchSettings(90, 0.52);

    public SearchSettings {
        if (relatedWindowDays < 1) {
            throw new IllegalArgumentException("search.relatedWindowDays must be at least 1, got " + relatedWindowDays);
        }
        if (!(nearDuplicateThreshold > 0 && nearDuplicateThreshold <= 1)) {
            throw new IllegalArgumentException("search.nearDuplicateThreshold must be in (0, 1], got "
                    + nearDuplicateThreshold);
        }
    }
}
