package org.csirtgateway.archive;

import java.io.IOException;

/**
 * A content the database names is not in its store's directory: the pack (or, for a store written before packs, the
 * file) that should hold it does not exist. Happens when a store's directory was not restored with the database, for
 * instance a backup taken by a version that did not copy {@code attachments/}. The message names the store and the
 * key, never the content.
 */
public final class ContentMissing extends IOException {

    private final String store;
    private final String sha256;

    ContentMissing(String store, String sha256, String where, IOException cause) {
        super("Content " + sha256 + " is not in the '" + store + "' store of this installation: " + where
                + " does not exist", cause);
        this.store = store;
        this.sha256 = sha256;
    }

    /** The store's name: {@code archive} or {@code attachments}. */
    public String store() {
        return store;
    }

    public String sha256() {
        return sha256;
    }
}
