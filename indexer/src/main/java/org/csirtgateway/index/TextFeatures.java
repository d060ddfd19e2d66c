package org.csirtgateway.index;

import java.util.Set;

/**
 * What the near-duplicate machinery needs of a message's text, worked out once per message: the normalised text,
 * its MinHash signature and its topical vocabulary. Indexing a message and looking for its near-duplicates each used
 * to normalise the text again, and the lookup normalised every candidate's stored body as well; with these computed
 * once and the vocabulary stored beside the signature, a message's text is read once.
 *
 * @param normalised {@link ReportText#normalise}d text
 * @param signature  its MinHash signature, or null when it has no words
 * @param vocabulary {@link NearDuplicates#vocabulary} of it
 */
record TextFeatures(String normalised, MinHash.Signature signature, Set<String> vocabulary) {

    static TextFeatures of(String body) {
        String normalised = ReportText.normalise(body);
        return new TextFeatures(normalised, MinHash.of(normalised), NearDuplicates.vocabulary(normalised));
    }
}
