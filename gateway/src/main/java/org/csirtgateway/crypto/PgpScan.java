package org.csirtgateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Tells, in one streaming pass over a raw message, whether it may hold OpenPGP at all: only such a message is read
 * into memory for {@link PgpUnwrapper}; any other (nearly all reports) is parsed from where it is kept, so a message
 * with a 20 MB attachment costs the heap a buffer. Errs on the side of "may": a yes only costs the in-memory path.
 *
 * <p>"May hold" is whatever {@link PgpUnwrapper} and {@link InlinePgp} act on: a {@code multipart/encrypted} or
 * {@code multipart/signed} entity; a part of an {@code application/pgp*} type, or named .asc, .gpg, .pgp or .key (or
 * with an encoded name that could hide one); a text part whose decoded content holds an armor line
 * ({@code -----BEGIN PGP}), or whose charset does not spell that line in ASCII bytes; a message that cannot be read
 * as MIME at all.
 */
final class PgpScan {

    private static final byte[] ARMOR = "-----BEGIN PGP".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PGP_NAME = Pattern.compile("\\.(asc|gpg|pgp|key)\\b|=\\?|\\*=",
            Pattern.CASE_INSENSITIVE);

    private PgpScan() {
    }

    /** Whether the message read from {@code raw} may hold OpenPGP; reads text parts up to {@code maxTextBytes}. */
    static boolean mayHoldPgp(InputStream raw, long maxTextBytes) {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.copy(MimeConfig.PERMISSIVE).setMaxHeaderCount(-1)
                .setMaxHeaderLen(-1).setMaxLineLen(-1).setMaxContentLen(-1).build());
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        stream.parse(raw);
        StringBuilder contentFields = new StringBuilder();
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM;
                 state = stream.next()) {
                switch (state) {
                    case T_START_HEADER -> contentFields.setLength(0);
                    case T_FIELD -> {
                        Field field = stream.getField();
                        String name = field.getName().toLowerCase(Locale.ROOT);
                        if (name.equals("content-type") || name.equals("content-disposition")) {
                            contentFields.append(field.getBody()).append('\n');
                        }
                    }
                    case T_START_MULTIPART -> {
                        String type = lower(stream.getBodyDescriptor().getMimeType());
                        if (type.equals("multipart/encrypted") || type.equals("multipart/signed")) {
                            return true;
                        }
                    }
                    case T_BODY -> {
                        if (partMayHoldPgp(stream, contentFields.toString(), maxTextBytes)) {
                            return true;
                        }
                    }
                    default -> {
                    }
                }
            }
            return false;
        } catch (IOException | MimeException | RuntimeException e) {
            return true; // unreadable here: the in-memory path decides, and never throws for bad input
        }
    }

    private static boolean partMayHoldPgp(MimeTokenStream stream, String contentFields, long maxTextBytes)
            throws IOException {
        BodyDescriptor body = stream.getBodyDescriptor();
        String type = lower(body.getMimeType());
        if (type.startsWith("application/pgp") || type.contains("pkcs7-") || PGP_NAME.matcher(contentFields).find()) {
            return true;
        }
        if (!type.startsWith("text/")) {
            return false; // images, documents, archives: never read by the OpenPGP stage
        }
        if (!spellsArmorInAscii(body.getCharset())) {
            return true;
        }
        return containsArmor(stream.getDecodedInputStream(), maxTextBytes);
    }

    /** Whether text in this charset spells the armor line with the same bytes as ASCII (unknown: as UTF-8). */
    private static boolean spellsArmorInAscii(String charset) {
        if (charset == null || charset.isBlank()) {
            return true;
        }
        try {
            return Arrays.equals(new String(ARMOR, StandardCharsets.US_ASCII).getBytes(Charset.forName(charset.strip())),
                    ARMOR);
        } catch (RuntimeException unknown) {
            return true; // decoded as UTF-8 downstream
        }
    }

    /** Whether the first {@code limit} bytes of {@code in} contain the armor line; streams, holds 8 KiB. */
    private static boolean containsArmor(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192 + ARMOR.length];
        int carried = 0;
        long read = 0;
        int n;
        while (read < limit && (n = in.read(buffer, carried, (int) Math.min(8192, limit - read))) > 0) {
            read += n;
            int end = carried + n;
            for (int i = 0; i + ARMOR.length <= end; i++) {
                if (buffer[i] == '-' && Arrays.equals(buffer, i, i + ARMOR.length, ARMOR, 0, ARMOR.length)) {
                    return true;
                }
            }
            carried = Math.min(ARMOR.length - 1, end);
            System.arraycopy(buffer, end - carried, buffer, 0, carried);
        }
        return false;
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
