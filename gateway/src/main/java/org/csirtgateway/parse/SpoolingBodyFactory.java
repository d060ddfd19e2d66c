package org.csirtgateway.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.ref.Cleaner;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.mime4j.dom.BinaryBody;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.BodyFactory;

/**
 * Part bodies for Mime4j's message builder that keep up to {@link #IN_MEMORY} bytes in memory and spool larger ones to
 * a temporary file, so that parsing a message with a large attachment costs the heap a buffer, not the attachment's
 * size (Mime4j's default factory holds every body as a byte array). The files are deleted when the message is
 * disposed ({@link ReportParser} does so once it has read the message) or, as a safety net, when a body is no longer
 * referenced.
 */
final class SpoolingBodyFactory implements BodyFactory {

    /** Bodies up to this size stay in memory. */
    static final int IN_MEMORY = 256 * 1024;

    private static final Cleaner FILES = Cleaner.create();

    @Override
    public BinaryBody binaryBody(InputStream in) throws IOException {
        Spool spool = Spool.of(in);
        return new BinaryBody() {
            @Override
            public InputStream getInputStream() throws IOException {
                return spool.open();
            }

            @Override
            public long size() {
                return spool.size;
            }

            @Override
            public SingleBody copy() {
                throw new UnsupportedOperationException("spooled bodies are read, not copied");
            }

            @Override
            public void dispose() {
                spool.delete();
            }
        };
    }

    @Override
    public TextBody textBody(InputStream in, String mimeCharset) throws IOException {
        Spool spool = Spool.of(in);
        return new TextBody() {
            @Override
            public String getMimeCharset() {
                return mimeCharset;
            }

            @Override
            public Charset getCharset() {
                try {
                    return mimeCharset == null ? StandardCharsets.US_ASCII : Charset.forName(mimeCharset);
                } catch (RuntimeException e) {
                    return StandardCharsets.US_ASCII; // unknown charsets are decoded by TextDecoder, not here
                }
            }

            @Override
            public Reader getReader() throws IOException {
                return new InputStreamReader(spool.open(), getCharset());
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return spool.open();
            }

            @Override
            public long size() {
                return spool.size;
            }

            @Override
            public SingleBody copy() {
                throw new UnsupportedOperationException("spooled bodies are read, not copied");
            }

            @Override
            public void dispose() {
                spool.delete();
            }
        };
    }

    /** A body's bytes: in memory, or in a temporary file deleted by {@link #delete} or when unreferenced. */
    private static final class Spool {
        private final byte[] bytes;
        private final Path file;
        private final long size;
        private final Cleaner.Cleanable deletion;

        private Spool(byte[] bytes, Path file, long size) {
            this.bytes = bytes;
            this.file = file;
            this.size = size;
            this.deletion = file == null ? null : FILES.register(this, () -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the system's cleaning of its temporary directory takes it
                }
            });
        }

        static Spool of(InputStream in) throws IOException {
            byte[] head = in.readNBytes(IN_MEMORY);
            if (head.length < IN_MEMORY) {
                return new Spool(head, null, head.length);
            }
            Path file = Files.createTempFile("csirt-part-", ".bin");
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(head);
                long size = head.length + in.transferTo(out);
                return new Spool(null, file, size);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }

        InputStream open() throws IOException {
            return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
        }

        void delete() {
            if (deletion != null) {
                deletion.clean();
            }
        }
    }
}
