package org.csirtgateway.intake;

import org.csirtgateway.crypto.PgpUnwrapper;
import org.csirtgateway.index.TextFeatures;
import org.csirtgateway.parse.ParsedReport;

/**
 * A kept message unwrapped and parsed ({@link UnwrapAndParse}), with its text's duplicate features worked out once: the
 * exact-duplicate key for placing, the signature and vocabulary for the index and the comparison.
 */
record Prepared(RawRow raw, ParsedReport report, PgpUnwrapper.Unwrapped unwrapped, TextFeatures text) {

    long rawId() {
        return raw.id();
    }
}
