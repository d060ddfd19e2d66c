package org.csirtgateway.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.DefaultFieldParser;

/**
 * MIME on the exact bytes, for what signatures cover (RFC 3156: the signed part is the bytes between the boundaries,
 * as sent). Mime4j's tree re-serialises and so cannot be used to check a signature; this class never changes a byte.
 */
final class RawMime {

    private RawMime() {
    }

    /** One entity: its header lines (unfolded on demand) and its body bytes, both exactly as in the input. */
    record Entity(byte[] header, byte[] body) {

        /** The first header of that name, unfolded, or null. */
        String header(String name) {
            for (HeaderField field : fields()) {
                if (field.name().equalsIgnoreCase(name)) {
                    return field.value();
                }
            }
            return null;
        }

        List<HeaderField> fields() {
            List<HeaderField> fields = new ArrayList<>();
            String text = new String(header, StandardCharsets.ISO_8859_1);
            StringBuilder current = null;
            for (String line : text.split("\r?\n", -1)) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                    current.append("\r\n").append(line);
                } else {
                    if (current != null) {
                        fields.add(HeaderField.of(current.toString()));
                    }
                    current = line.isEmpty() ? null : new StringBuilder(line);
                }
            }
            if (current != null) {
                fields.add(HeaderField.of(current.toString()));
            }
            return fields;
        }

        ContentType contentType() {
            String value = header("Content-Type");
            if (value == null) {
                return new ContentType("text/plain", null, null);
            }
            try {
                ContentTypeField field = (ContentTypeField) DefaultFieldParser.parse("Content-Type: " + value,
                        DecodeMonitor.SILENT);
                return new ContentType(field.getMimeType().toLowerCase(Locale.ROOT), field.getBoundary(),
                        field.getParameter("protocol"));
            } catch (org.apache.james.mime4j.MimeException | RuntimeException e) {
                return new ContentType("text/plain", null, null);
            }
        }

        /** The body with its Content-Transfer-Encoding (base64, quoted-printable) undone. */
        byte[] decodedBody() throws IOException {
            String encoding = header("Content-Transfer-Encoding");
            String cte = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
            if (cte.equals("base64")) {
                return Base64.getMimeDecoder().decode(body);
            }
            if (cte.equals("quoted-printable")) {
                try (QuotedPrintableInputStream in = new QuotedPrintableInputStream(new ByteArrayInputStream(body),
                        DecodeMonitor.SILENT)) {
                    return in.readAllBytes();
                }
            }
            return body;
        }
    }

    /** One header field: its name and its raw text (the whole field, folded as it was). */
    record HeaderField(String name, String raw) {
        static HeaderField of(String raw) {
            int colon = raw.indexOf(':');
            return new HeaderField(colon < 0 ? raw.strip() : raw.substring(0, colon).strip(), raw);
        }

        String value() {
            int colon = raw.indexOf(':');
            return colon < 0 ? "" : raw.substring(colon + 1).replaceAll("\r\n[ \t]", " ").strip();
        }
    }

    record ContentType(String mimeType, String boundary, String protocol) {
        boolean is(String type) {
            return mimeType.equals(type);
        }

        boolean protocolIs(String type) {
            return protocol != null && protocol.strip().equalsIgnoreCase(type);
        }
    }

    /** Splits at the first empty line. Without one, everything is header (and the body is empty). */
    static Entity parse(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '\n') {
                continue;
            }
            int next = i + 1;
            if (next < raw.length && raw[next] == '\n') {
                return new Entity(slice(raw, 0, next), slice(raw, next + 1, raw.length));
            }
            if (next + 1 < raw.length && raw[next] == '\r' && raw[next + 1] == '\n') {
                return new Entity(slice(raw, 0, next), slice(raw, next + 2, raw.length));
            }
            if (i == 0 || (i == 1 && raw[0] == '\r')) {
                return new Entity(new byte[0], slice(raw, i + 1, raw.length));
            }
        }
        return new Entity(raw, new byte[0]);
    }

    /**
     * The body parts of a multipart body, each exactly the bytes between the line break ending one delimiter line
     * and the line break before the next delimiter (RFC 2046 section 5.1.1: that line break belongs to the
     * delimiter). Preamble and epilogue are dropped.
     */
    static List<byte[]> parts(byte[] body, String boundary) {
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int partStart = -1;
        int lineStart = 0;
        while (lineStart <= body.length) {
            int lineEnd = indexOf(body, (byte) '\n', lineStart);
            int contentEnd = lineEnd < 0 ? body.length : lineEnd;
            if (startsWith(body, lineStart, dashBoundary) && isDelimiterRest(body, lineStart + dashBoundary.length,
                    contentEnd)) {
                if (partStart >= 0) {
                    int end = lineStart;
                    if (end > partStart && body[end - 1] == '\n') {
                        end--;
                        if (end > partStart && body[end - 1] == '\r') {
                            end--;
                        }
                    }
                    parts.add(slice(body, partStart, Math.max(partStart, end)));
                }
                boolean closing = lineStart + dashBoundary.length + 1 < body.length
                        && body[lineStart + dashBoundary.length] == '-'
                        && body[lineStart + dashBoundary.length + 1] == '-';
                if (closing) {
                    return parts;
                }
                partStart = lineEnd < 0 ? body.length : lineEnd + 1;
            }
            if (lineEnd < 0) {
                break;
            }
            lineStart = lineEnd + 1;
        }
        return parts;
    }

    /**
     * The signature of a {@code multipart/signed} entity (PGP/MIME or S/MIME), checked by {@code verifier} over the
     * first part's exact bytes, CRLF canonicalised; a missing or undecodable signature part is a result too.
     */
    static CryptoStatus.SignatureResult detachedSignature(Entity signed, ContentType type,
            java.util.function.BiFunction<byte[], byte[], CryptoStatus.SignatureResult> verifier) {
        List<byte[]> parts = parts(signed.body(), type.boundary());
        if (parts.size() < 2) {
            return CryptoStatus.SignatureResult.unreadable("signature-part-missing");
        }
        byte[] signature;
        try {
            signature = parse(parts.get(1)).decodedBody();
        } catch (IOException | RuntimeException e) {
            return CryptoStatus.SignatureResult.unreadable("signature-part-undecodable");
        }
        return verifier.apply(canonicalLineEndings(parts.get(0)), signature);
    }

    /** Decrypted data as a MIME entity: RFC 3156 and 8551 say it is one; a few clients encrypt bare text. */
    static byte[] asEntity(byte[] data) {
        int end = Math.min(data.length, 200);
        String start = new String(data, 0, end, StandardCharsets.ISO_8859_1);
        boolean entity = start.matches("(?s)^[A-Za-z0-9-]+:.*") && start.toLowerCase(Locale.ROOT).contains("content-");
        return entity ? data
                : concat("Content-Type: text/plain; charset=utf-8\r\n\r\n".getBytes(StandardCharsets.US_ASCII), data);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Bare LF becomes CRLF: the canonical form RFC 3156 signs. */
    static byte[] canonicalLineEndings(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 40);
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(data[i]);
        }
        return out.toByteArray();
    }

    private static boolean isDelimiterRest(byte[] body, int from, int lineEnd) {
        int i = from;
        if (i + 1 < lineEnd && body[i] == '-' && body[i + 1] == '-') {
            i += 2;
        }
        for (; i < lineEnd; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static byte[] slice(byte[] data, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(data, from, out, 0, out.length);
        return out;
    }
}
