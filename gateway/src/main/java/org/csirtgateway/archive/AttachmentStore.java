package org.csirtgateway.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.csirtgateway.store.Database;

/**
 * Decoded attachment contents, addressed by SHA-256 exactly like the raw archive (same packs, same forced writes,
 * locations in the same table), in their own directory: {@code <data.dir>/attachments}. An attachment's hash is
 * known before it is stored, so the same bytes (the one PDF a whole phishing campaign carries) are stored once.
 */
public final class AttachmentStore {

    private final RawArchive files;

    public AttachmentStore(Path root, Database database) throws IOException {
        this.files = new RawArchive(root, database);
    }

    /** The store beside a raw archive: {@code <archive>/../attachments}, located in the same database. */
    public static AttachmentStore besides(RawArchive archive, Database database) throws IOException {
        return new AttachmentStore(archive.root().resolveSibling("attachments"), database);
    }

    /** Stores the bytes; returns their SHA-256 (hex). */
    public String store(byte[] content) throws IOException {
        return files.store(new ByteArrayInputStream(content)).sha256();
    }

    /** Stores an attachment's content as the parser left it (in memory or spooled); returns its SHA-256 (hex). */
    public String store(org.csirtgateway.parse.AttachmentContent content) throws IOException {
        return files.store(content::writeTo).sha256();
    }

    /**
     * Stores, in one pack, each content not stored yet, by its SHA-256 (hex) as the parser worked it out; the same
     * key twice is stored once.
     */
    public void storeAll(Map<String, ? extends RawArchive.RawContent> contentsByHash) throws IOException {
        Map<String, RawArchive.RawContent> missing = new LinkedHashMap<>();
        contentsByHash.forEach((sha256, content) -> {
            if (!files.contains(sha256)) {
                missing.put(sha256, content);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        List<String> expected = new ArrayList<>(missing.keySet());
        List<ArchivedMessage> stored = files.storeAll(new ArrayList<>(missing.values()));
        for (int i = 0; i < stored.size(); i++) {
            if (!stored.get(i).sha256().equals(expected.get(i))) {
                throw new IOException("Attachment content changed while it was stored: expected SHA-256 "
                        + expected.get(i) + ", stored " + stored.get(i).sha256());
            }
        }
    }

    public boolean contains(String sha256) {
        return files.contains(sha256);
    }

    /** Opens stored content; the key is validated, so it can never name a path outside the store. */
    public InputStream open(String sha256) throws IOException {
        return files.open(sha256);
    }
}
