package org.csirtgateway.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects an attachment's decoded bytes as they stream out of the parser: in memory up to
 * {@link AttachmentContent#IN_MEMORY}, then in a temporary file; past {@code limit} bytes nothing is kept (the
 * attachment is then only in the raw original). Never holds more than the in-memory share on the heap.
 */
final class ContentSpool {

    private final long limit;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;
    private boolean overLimit;

    ContentSpool(long limit) {
        this.limit = limit;
    }

    void write(byte[] buffer, int offset, int length) throws IOException {
        size += length;
        if (overLimit) {
            return;
        }
        if (size > limit) {
            overLimit = true;
            discard();
            return;
        }
        if (fileOut == null && memory.size() + length > AttachmentContent.IN_MEMORY) {
            file = Files.createTempFile("csirt-attachment-", ".bin");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file));
            memory.writeTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(buffer, offset, length);
        } else {
            memory.write(buffer, offset, length);
        }
    }

    /** The content collected, or null when it was over the limit (or could not be kept). */
    AttachmentContent finish() {
        if (overLimit) {
            return null;
        }
        if (fileOut == null) {
            return AttachmentContent.inMemory(memory.toByteArray());
        }
        try {
            fileOut.close();
            return AttachmentContent.inFile(file, size);
        } catch (IOException e) {
            discard();
            return null;
        }
    }

    /** Drops what was collected (a failure, or over the limit). */
    void discard() {
        memory = null;
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException ignored) {
                // being deleted anyway
            }
            fileOut = null;
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the system's cleaning of its temporary directory takes it
            }
            file = null;
        }
    }
}
