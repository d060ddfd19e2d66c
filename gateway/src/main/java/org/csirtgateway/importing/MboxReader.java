package org.csirtgateway.importing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the messages of an mbox file one after another, streaming each one's bytes without holding it in memory.
 *
 * <p>A message starts after a separator line beginning with {@code "From "} that opens the file or follows a blank
 * line (the mboxo/mboxrd convention; LF or CRLF). The separator line itself and the blank line that mbox writers put
 * before the next separator are not part of the message; every other byte is passed on as stored (quoted
 * {@code >From } lines are left quoted: an mboxo file cannot say which were quoted).
 */
final class MboxReader implements Closeable {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final InputStream in;
    /** Bytes read from the file and not yet taken into a line: {@code buffer[position..limit)}. */
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[8192];
    private int lineLength;
    private boolean atSeparator;

    MboxReader(Path file) throws IOException {
        this.in = Files.newInputStream(file);
        boolean read = readLine();
        atSeparator = read && startsWithFrom();
        if (read && !atSeparator) {
            in.close();
            throw new IOException("Not an mbox file (it does not start with a 'From ' line): " + file);
        }
    }

    /** Whether the file starts like an mbox file. */
    static boolean looksLikeMbox(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(FROM.length), FROM);
        }
    }

    /** How many messages the file holds (one quick pass). */
    static int count(Path file) throws IOException {
        int count = 0;
        try (MboxReader reader = new MboxReader(file)) {
            while (reader.hasNext()) {
                reader.copyNext(null);
                count++;
            }
        }
        return count;
    }

    boolean hasNext() {
        return atSeparator;
    }

    /** Streams the next message to {@code out}, or skips it when {@code out} is null. */
    void copyNext(OutputStream out) throws IOException {
        if (!atSeparator) {
            throw new IllegalStateException("no message left");
        }
        atSeparator = false;
        byte[] heldBlank = null;
        boolean previousBlank = false;
        while (readLine()) {
            if (previousBlank && startsWithFrom()) {
                atSeparator = true;
                return; // the held blank line belongs to the mbox format, not to the message
            }
            if (heldBlank != null && out != null) {
                out.write(heldBlank);
            }
            heldBlank = null;
            previousBlank = isBlank();
            if (previousBlank) {
                heldBlank = Arrays.copyOf(line, lineLength);
            } else if (out != null) {
                out.write(line, 0, lineLength);
            }
        }
    }

    /** Reads one line including its line end into {@link #line}; false at the end of the file. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                return lineLength > 0;
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            boolean complete = end < limit;
            int take = (complete ? end + 1 : end) - position;
            if (lineLength + take > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + take));
            }
            System.arraycopy(buffer, position, line, lineLength, take);
            lineLength += take;
            position += take;
            if (complete) {
                return true;
            }
        }
    }

    /** Reads more of the file into the empty buffer; false at its end. */
    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private boolean startsWithFrom() {
        if (lineLength < FROM.length) {
            return false;
        }
        for (int i = 0; i < FROM.length; i++) {
            if (line[i] != FROM[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean isBlank() {
        return (lineLength == 1 && line[0] == '\n') || (lineLength == 2 && line[0] == '\r' && line[1] == '\n');
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
