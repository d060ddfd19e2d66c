package org.csirtgateway.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts back the blank line that ends a body part's header when a sender left it out, the way mail clients read such
 * mail: in the header after a boundary line (of a part that is no multipart or forwarded message), a line that is neither a header field ({@code name:} with a printable
 * name) nor a folded continuation ends the header, and it and what follows are the part's body. Without this, Mime4j
 * takes such lines for broken header fields and drops them, and the report's text is lost. A parameter on a line of
 * its own after a field ending in ';' ({@code boundary="..."} not indented) is folded into that field instead, as
 * it was meant. A message's own header
 * (the report's, a forwarded one's) is left as it was: there a broken line between fields is far more often a badly
 * folded field or an mbox {@code From } line than text, and Mime4j skips it.
 *
 * <p>It follows just enough of the MIME structure to know where header blocks start: the message's own header, the
 * header after each boundary declared in a Content-Type seen so far, and the header of a forwarded
 * {@code message/rfc822} that is not base64 or quoted-printable encoded (whose boundaries count too). Bytes pass
 * through unchanged otherwise; lines longer than the inspected length are passed on in pieces.
 */
final class HeaderEndInputStream extends InputStream {

    /** Bytes of a line looked at; the rest of a longer line passes on unseen (no boundary or field name is so long). */
    private static final int INSPECTED = 16 << 10;
    /** Characters of one header block's Content-Type and Content-Transfer-Encoding kept to find a boundary. */
    private static final int MIME_FIELDS = 8 << 10;
    /** Boundaries remembered; more parts than this are over the intake limits anyway. */
    private static final int MAX_BOUNDARIES = 1_000;
    /** The boundary parameter of a Content-Type, quoted or not. */
    private static final Pattern BOUNDARY = Pattern.compile("(?i)(?:^|[;\\s])boundary\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;]+))");
    /** The start of a header field: a printable name without colon or space, white space (obsolete syntax), a colon. */
    private static final Pattern FIELD = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+[ \\t]*:");
    /** A Content-Type of a part that holds more MIME: a multipart or a forwarded message. */
    private static final Pattern CONTAINER = Pattern.compile("(?i)content-type[ \\t]*:[ \\t]*(message|multipart)/");
    /** A forwarded message's part header, and an encoding that hides the forwarded header from this reading. */
    private static final Pattern FORWARDED = Pattern.compile(
            "(?i)content-type[ \\t]*:[ \\t]*message/(rfc822|global)\\b");
    private static final Pattern ENCODED = Pattern.compile(
            "(?i)content-transfer-encoding[ \\t]*:[ \\t]*(base64|quoted-printable)\\b");
    /** A MIME parameter ({@code boundary="..."}) on a line of its own, as some servers fold without indenting. */
    private static final Pattern PARAMETER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \\t]*=");

    private final InputStream in;
    private final byte[] buffer = new byte[8 << 10];
    /** The line being read; reused, since a line is handed on whole before the next is read. */
    private final LineBuffer line = new LineBuffer();
    private int bufferPos;
    private int bufferEnd;

    /** The line being handed on (possibly with a blank line put before it). */
    private byte[] out = new byte[0];
    private int outPos;
    private int outEnd;
    /** A line longer than {@link #INSPECTED} is being passed on: the rest goes through unseen. */
    private boolean midLine;
    /** The line just read is an unindented parameter: it is passed on indented, as the folded line it is. */
    private boolean foldLine;

    private boolean inHeader = true;
    /** The current header block is a body part's (after a boundary line), the only kind whose end is recovered. */
    private boolean partHeader;
    private int fieldsInBlock;
    /** Content-Type and Content-Transfer-Encoding of the current header block, unfolded. */
    private final StringBuilder mimeFields = new StringBuilder();
    private boolean inMimeField;
    /** The last line of the header block so far ended in ';': a parameter may follow. */
    private boolean parameterExpected;
    private final Set<String> boundaries = new HashSet<>();

    HeaderEndInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (outPos >= outEnd && !fill()) {
            return -1;
        }
        return out[outPos++] & 0xFF;
    }

    /**
     * Fills the whole request where the stream has the bytes: Mime4j's boundary search expects full buffers and takes
     * a boundary at the start of a short read for one at the start of a line.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            if (outPos >= outEnd && !fill()) {
                break;
            }
            int chunk = Math.min(len - n, outEnd - outPos);
            System.arraycopy(out, outPos, b, off + n, chunk);
            outPos += chunk;
            n += chunk;
        }
        return n == 0 && len > 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next line, or the next piece of a long one, into {@link #out}; false at the end of the stream. */
    private boolean fill() throws IOException {
        line.length = 0;
        boolean complete = readLine(line);
        if (line.length == 0) {
            return false;
        }
        boolean continued = midLine;
        midLine = !complete;
        byte[] bytes = line.bytes;
        int length = line.length;
        if (continued) {
            if (inMimeField && mimeFields.length() < MIME_FIELDS) {
                mimeFields.append(new String(bytes, 0, Math.min(length, MIME_FIELDS), StandardCharsets.ISO_8859_1));
            }
            set(bytes, length, false);
            return true;
        }
        if (inHeader) {
            boolean blankLineFirst = endsHeader(bytes, length);
            if (foldLine) {
                foldLine = false;
                set(prefixed(new byte[] {' '}, bytes, length), length + 1, false);
            } else {
                set(bytes, length, blankLineFirst);
            }
        } else {
            set(bytes, length, false);
            body(bytes, length);
        }
        return true;
    }

    private void set(byte[] bytes, int length, boolean blankLineFirst) {
        if (!blankLineFirst) {
            out = bytes;
            outPos = 0;
            outEnd = length;
            return;
        }
        boolean crlf = length >= 2 && bytes[length - 1] == '\n' && bytes[length - 2] == '\r';
        byte[] blank = crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
        out = prefixed(blank, bytes, length);
        outPos = 0;
        outEnd = out.length;
    }

    private static byte[] prefixed(byte[] prefix, byte[] bytes, int length) {
        byte[] joined = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(bytes, 0, joined, prefix.length, length);
        return joined;
    }

    /**
     * Follows a line of a header block; true when the line is no header field and so starts the body, which needs
     * the blank line put before it.
     */
    private boolean endsHeader(byte[] bytes, int length) {
        String line = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        String content = stripEnd(line);
        if (content.isEmpty()) {
            headerEnded(true);
            return false;
        }
        char first = line.charAt(0);
        boolean unindentedParameter = parameterExpected && PARAMETER.matcher(content).lookingAt();
        parameterExpected = content.endsWith(";");
        if ((first == ' ' || first == '\t') && fieldsInBlock > 0) {
            if (inMimeField && mimeFields.length() < MIME_FIELDS) {
                mimeFields.append(' ').append(content.strip());
            }
            return false;
        }
        if (unindentedParameter && partHeader) {
            if (inMimeField && mimeFields.length() < MIME_FIELDS) {
                mimeFields.append(' ').append(content.strip());
            }
            foldLine = true;
            return false;
        }
        Matcher field = FIELD.matcher(content);
        if (field.lookingAt()) {
            fieldsInBlock++;
            String name = content.substring(0, content.indexOf(':')).strip().toLowerCase(Locale.ROOT);
            inMimeField = name.equals("content-type") || name.equals("content-transfer-encoding");
            if (inMimeField && mimeFields.length() < MIME_FIELDS) {
                mimeFields.append('\n').append(content);
            }
            return false;
        }
        if (!partHeader) {
            return false; // in a message's own header, left to Mime4j as before (it skips the line)
        }
        if (CONTAINER.matcher(mimeFields).find()) {
            // a forwarded message or a multipart: what follows is more header fields badly folded, not text
            return false;
        }
        headerEnded(false);
        body(bytes, length);
        return true;
    }

    /** The current header block ended (at its blank line, or at the first line of text when that was missing). */
    private void headerEnded(boolean blankLine) {
        String fields = mimeFields.toString();
        Matcher boundary = BOUNDARY.matcher(fields);
        if (boundary.find() && boundaries.size() < MAX_BOUNDARIES) {
            boundaries.add(boundary.group(1) != null ? boundary.group(1) : boundary.group(2));
        }
        boolean forwarded = FORWARDED.matcher(fields).find() && !ENCODED.matcher(fields).find();
        mimeFields.setLength(0);
        inMimeField = false;
        parameterExpected = false;
        fieldsInBlock = 0;
        partHeader = false;
        // a forwarded message's own header follows its part header's blank line
        inHeader = blankLine && forwarded;
    }

    /** A body line: a boundary line of a known boundary starts a part's header (but not the closing one). */
    private void body(byte[] bytes, int length) {
        if (length < 3 || bytes[0] != '-' || bytes[1] != '-' || boundaries.isEmpty()) {
            return;
        }
        String line = stripEnd(new String(bytes, 2, length - 2, StandardCharsets.ISO_8859_1));
        for (String boundary : boundaries) {
            if (line.startsWith(boundary)) {
                String rest = line.substring(boundary.length());
                if (rest.isEmpty()) {
                    inHeader = true;
                    partHeader = true;
                    fieldsInBlock = 0;
                    mimeFields.setLength(0);
                    inMimeField = false;
                    return;
                }
            }
        }
    }

    private static String stripEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r'
                || line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** Reads up to a line end or {@link #INSPECTED} bytes; true when the line ended (or the stream did). */
    private boolean readLine(LineBuffer line) throws IOException {
        while (line.length < INSPECTED) {
            if (bufferPos >= bufferEnd) {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    return true;
                }
                bufferPos = 0;
                bufferEnd = n;
            }
            int start = bufferPos;
            int limit = Math.min(bufferEnd, start + INSPECTED - line.length);
            int i = start;
            while (i < limit && buffer[i] != '\n') {
                i++;
            }
            boolean newline = i < limit;
            int end = newline ? i + 1 : i;
            line.append(buffer, start, end - start);
            bufferPos = end;
            if (newline) {
                return true;
            }
        }
        return false;
    }

    /** A growing byte array for one line. */
    private static final class LineBuffer {
        byte[] bytes = new byte[256];
        int length;

        void append(byte[] from, int off, int len) {
            if (length + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
            }
            System.arraycopy(from, off, bytes, length, len);
            length += len;
        }
    }
}
