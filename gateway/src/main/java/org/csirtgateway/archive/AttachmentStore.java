package org.csirtgateway.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Decoded attachment contents, content-addressed by SHA-256 exactly like the raw archive (same layout, same atomic,
 * forced writes), in their own directory: {@code <data.dir>/attachments}. Storing the same bytes twice keeps one file.
 */
public final class AttachmentStore {

    private final RawArchive files;

    public AttachmentStore(Path root) throws IOException {
        this.files = new RawArchive(root);
    }

    /** The store beside a raw archive: {@code <archive>/../attachments}. */
    public static AttachmentStore besides(RawArchive archive) throws IOException {
        return new AttachmentStore(archive.root().resolveSibling("attachments"));
    }

    /** Stores the bytes; returns their SHA-256 (hex). */
    public String store(byte[] content) throws IOException {
        return files.store(new ByteArrayInputStream(content)).sha256();
    }

    /** Stores an attachment's content as the parser left it (in memory or spooled); returns its SHA-256 (hex). */
    public String store(org.csirtgateway.parse.AttachmentContent content) throws IOException {
        return files.store(content::writeTo).sha256();
    }

    /** Stores several contents with their forced writes issued together ({@link RawArchive#storeAll}). */
    public void storeAll(List<? extends RawArchive.RawContent> contents) throws IOException {
        if (!contents.isEmpty()) {
            files.storeAll(contents);
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
