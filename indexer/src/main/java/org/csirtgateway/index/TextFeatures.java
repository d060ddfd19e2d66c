package org.csirtgateway.index;

import java.util.List;
import java.util.Set;

/**
 * What the duplicate machinery needs of a message's text, worked out once per message: the normalised text, its
 * exact-duplicate key, its MinHash signature and its topical vocabulary. Ticketing, indexing and the near-duplicate
 * lookup each used to normalise the text again, and the lookup normalised every candidate's stored body as well; with
 * these computed once (the vocabulary stored beside the signature), a message's text is read once.
 */
public final class TextFeatures {

    private final String exactDuplicateKey;
    private final MinHash.Signature signature;
    private final Set<String> vocabulary;

    private TextFeatures(String exactDuplicateKey, MinHash.Signature signature, Set<String> vocabulary) {
        this.exactDuplicateKey = exactDuplicateKey;
        this.signature = signature;
        this.vocabulary = vocabulary;
    }

    /** The features of a message body (the text an {@link IndexedMessage} carries as its body). */
    public static TextFeatures of(String body) {
        String normalised = ReportText.normalise(body);
        List<String> words = ReportText.words(normalised);
        return new TextFeatures(ReportText.exactDuplicateKeyOfNormalised(normalised), MinHash.ofWords(words),
                NearDuplicates.vocabularyOfWords(words));
    }

    /** Only a signature: for documents built by callers that have nothing else (tests of the signature). */
    static TextFeatures ofSignature(MinHash.Signature signature) {
        return new TextFeatures(null, signature, null);
    }

    /** {@link ReportText#exactDuplicateKey} of the body, or null when its normalised text is too short. */
    public String exactDuplicateKey() {
        return exactDuplicateKey;
    }

    /** The MinHash signature of the normalised text, or null when it has no words. */
    MinHash.Signature signature() {
        return signature;
    }

    /** The topical words of the normalised text (see {@link NearDuplicates}), or null when not worked out. */
    Set<String> vocabulary() {
        return vocabulary;
    }
}
