package org.csirtgateway.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The decoded bytes of an attachment between parsing and the attachment store: small ones in memory, larger ones
 * ({@link #IN_MEMORY} and up) in a temporary file, so that a 20 MB attachment costs the heap a buffer, not its size.
 * The file is deleted by {@link #release} once the bytes are stored, or, should processing stop before that, when the
 * content is no longer referenced.
 */
public final class AttachmentContent {

    /** Bytes kept in memory; larger contents go to a temporary file. */
    static final int IN_MEMORY = 256 * 1024;

    private static final Cleaner FILES = Cleaner.create();

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final Cleaner.Cleanable deletion;

    private AttachmentContent(byte[] bytes, Path file, long size) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.deletion = file == null ? null : FILES.register(this, new Deletion(file));
    }

    /** Content held in memory. */
    public static AttachmentContent of(byte[] bytes) {
        return new AttachmentContent(bytes.clone(), null, bytes.length);
    }

    static AttachmentContent inMemory(byte[] bytes) {
        return new AttachmentContent(bytes, null, bytes.length);
    }

    /** Content in a temporary file of {@code size} bytes, which this object now owns (and deletes). */
    static AttachmentContent inFile(Path file, long size) {
        return new AttachmentContent(null, file, size);
    }

    public long size() {
        return size;
    }

    /** Whether the bytes are in a temporary file rather than in memory. */
    public boolean spooled() {
        return file != null;
    }

    public InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    public void writeTo(OutputStream out) throws IOException {
        if (file == null) {
            out.write(bytes);
        } else {
            Files.copy(file, out);
        }
    }

    /** All the bytes, in memory: for small contents and tests; a spooled content is read from its file. */
    public byte[] readAllBytes() {
        if (file == null) {
            return bytes.clone();
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the temporary file, if any; the content cannot be read afterwards. */
    public void release() {
        if (deletion != null) {
            deletion.clean();
        }
    }

    private record Deletion(Path file) implements Runnable {
        @Override
        public void run() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the system's cleaning of its temporary directory takes it
            }
        }
    }
}
