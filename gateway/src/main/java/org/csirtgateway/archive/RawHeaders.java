package org.csirtgateway.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The header block of an archived original exactly as it arrived (encoded words and all): what an analyst opens
 * "full headers" for, to read the Received chain, authentication results and the like. Read from the archive, never
 * from parsed data, so it shows what the parser may have refused.
 */
public final class RawHeaders {

    /** At most this many bytes of a header block are shown; the rest is cut with a note saying so. */
    public static final int MAX_BYTES = 256 * 1024;

    private final RawArchive archive;

    public RawHeaders(RawArchive archive) {
        this.archive = archive;
    }

    /** The header block of the archived message {@code sha256}, or empty when it is not in the archive. */
    public Optional<String> of(String sha256) {
        try (InputStream in = archive.open(sha256)) {
            return Optional.of(headerBlock(in, MAX_BYTES));
        } catch (ContentMissing e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("The archived original " + sha256 + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The bytes before the first empty line (or all of them, for a message without a body), at most {@code max},
     * as UTF-8 when they are valid UTF-8 (RFC 6532) and as ISO-8859-1 otherwise, so no byte is lost or replaced.
     */
    static String headerBlock(InputStream in, int max) throws IOException {
        byte[] buffer = new byte[max];
        int length = 0;
        int end = -1;
        int read;
        while (end < 0 && length < max && (read = in.read(buffer, length, Math.min(8192, max - length))) > 0) {
            int from = Math.max(0, length - 3);
            length += read;
            end = blankLine(buffer, from, length);
        }
        boolean cut = end < 0 && length == max && in.read() >= 0;
        String text = decode(buffer, end < 0 ? length : end);
        return cut ? text + "\n[cut: the header block is longer than " + (max / 1024) + " KiB]" : text;
    }

    /** Index of the line break that ends the header block (the blank line starts after it), or -1. */
    private static int blankLine(byte[] bytes, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
                return i;
            }
            if (bytes[i] == '\n' && bytes[i + 1] == '\r' && i + 2 < to && bytes[i + 2] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString().replace("\r\n", "\n").stripTrailing();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").stripTrailing();
        }
    }
}
