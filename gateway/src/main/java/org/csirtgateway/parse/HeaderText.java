package org.csirtgateway.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;

/**
 * Header values as the sender meant them. Mime4j reads raw header bytes as Latin-1; RFC 6532 allows raw UTF-8 and
 * some Japanese mailers send raw ISO-2022-JP, so a field with such bytes is decoded again from its raw bytes. RFC 2047
 * encoded words are decoded after that.
 */
final class HeaderText {

    // compiled once: unfold runs for every header of every message
    private static final Pattern FOLD = Pattern.compile("\\r?\\n[ \\t]*");
    private static final Pattern CARRIAGE_RETURN = Pattern.compile("\\r");

    private static final Pattern NAME_ADDR = Pattern.compile("^\\s*(.*?)\\s*<([^<>]*)>\\s*$", Pattern.DOTALL);

    private HeaderText() {
    }

    /** The decoded, unfolded value of the first field with this name, or null. */
    static String value(Entity entity, String name) {
        Field field = entity.getHeader().getField(name);
        return field == null ? null : decoded(field);
    }

    /** Unfolded value with raw bytes re-read as UTF-8 / ISO-2022-JP, before RFC 2047 decoding. */
    static String unstructured(Field field) {
        byte[] raw = field.getRaw() == null ? null : field.getRaw().toByteArray();
        String value = field.getBody();
        if (raw != null && needsRedecoding(raw)) {
            String redecoded = redecode(raw);
            if (redecoded != null) {
                int colon = redecoded.indexOf(':');
                value = colon < 0 ? redecoded : redecoded.substring(colon + 1);
            }
        }
        return value == null ? null : unfold(value);
    }

    /** Unfolded, raw bytes re-read, encoded words decoded. */
    static String decoded(Field field) {
        String value = unstructured(field);
        if (value == null) {
            return null;
        }
        return decodeEncodedWords(value).strip();
    }

    /** An RFC 2047 encoded word: charset (with an optional RFC 2231 language), encoding, encoded text. */
    private static final Pattern ENCODED_WORD = Pattern.compile(
            "=\\?([^?\\s*]+)(?:\\*[^?\\s]*)?\\?([bBqQ])\\?([^?\\s]*)\\?=");
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]*");

    /**
     * Decodes RFC 2047 encoded words with Mime4j. When that gives replacement characters the text did not have (bytes
     * that are not in the labelled charset, such as Shift_JIS under an ISO-2022-JP label), the words are decoded
     * again as message bodies are ({@link TextDecoder}): the label first, then the charsets such bytes are usually in.
     */
    static String decodeEncodedWords(String value) {
        String decoded;
        try {
            decoded = DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (IllegalArgumentException e) {
            decoded = value;
        }
        if (decoded.indexOf('\uFFFD') < 0 || value.indexOf('\uFFFD') >= 0) {
            return decoded;
        }
        String again = decodeWithFallback(value);
        return again == null ? decoded : again;
    }

    /**
     * Encoded words decoded with {@link TextDecoder}; adjacent words of one charset are joined before decoding, since
     * mailers split a multi-byte character across words. Null when a word cannot be read.
     */
    private static String decodeWithFallback(String value) {
        Matcher word = ENCODED_WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        String pendingCharset = null;
        int end = 0;
        while (word.find()) {
            String between = value.substring(end, word.start());
            boolean adjacent = pendingCharset != null && WHITESPACE.matcher(between).matches();
            String charset = word.group(1);
            if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                if (!adjacent) {
                    out.append(between);
                }
            }
            byte[] bytes = wordBytes(word.group(2), word.group(3));
            if (bytes == null) {
                return null;
            }
            pending.writeBytes(bytes);
            pendingCharset = charset;
            end = word.end();
        }
        flush(out, pending, pendingCharset);
        return out.append(value.substring(end)).toString();
    }

    private static void flush(StringBuilder out, java.io.ByteArrayOutputStream pending, String charset) {
        if (charset != null) {
            // Header decoding has no place for warnings; the fallback itself is what the reader needs.
            out.append(TextDecoder.decode(pending.toByteArray(), charset, new ArrayList<>()));
        }
        pending.reset();
    }

    private static byte[] wordBytes(String encoding, String text) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return java.util.Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f';
    }

    /** All values of a field, decoded, in header order. */
    static List<String> values(Entity entity, String name) {
        List<String> values = new ArrayList<>();
        for (Field field : entity.getHeader().getFields(name)) {
            values.add(decoded(field));
        }
        return values;
    }

    /**
     * The first mailbox of an address field (From). Raw UTF-8 display names are kept; everything else goes through
     * Mime4j's lenient address parser, which decodes encoded words in display names.
     */
    static Mailbox firstMailbox(Entity entity, String name) {
        Field field = entity.getHeader().getField(name);
        if (field == null) {
            return null;
        }
        byte[] raw = field.getRaw() == null ? null : field.getRaw().toByteArray();
        String value = unstructured(field);
        if (value == null) {
            return null;
        }
        if (raw != null && needsRedecoding(raw)) {
            Matcher matcher = NAME_ADDR.matcher(value);
            if (matcher.matches()) {
                String displayName = matcher.group(1).replaceAll("^\"|\"$", "").strip();
                return mailbox(displayName.isEmpty() ? null : displayName, matcher.group(2).strip());
            }
            return mailbox(null, value.strip());
        }
        MailboxList list = LenientAddressParser.DEFAULT.parseAddressList(value).flatten();
        if (list.isEmpty()) {
            return null;
        }
        Mailbox first = list.get(0);
        // Mime4j decodes a display name's encoded words in their label only: decode them again as a Subject is.
        if (first.getName() != null && first.getName().indexOf('\uFFFD') >= 0) {
            Matcher matcher = NAME_ADDR.matcher(value);
            if (matcher.matches() && matcher.group(1).contains("=?")) {
                String displayName = decodeEncodedWords(matcher.group(1).replaceAll("^\"|\"$", "")).strip();
                return new Mailbox(displayName, first.getLocalPart(), first.getDomain());
            }
        }
        return first;
    }

    private static Mailbox mailbox(String displayName, String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return null;
        }
        return new Mailbox(displayName, address.substring(0, at), address.substring(at + 1));
    }

    static String unfold(String value) {
        return CARRIAGE_RETURN.matcher(FOLD.matcher(value).replaceAll(" ")).replaceAll("");
    }

    private static boolean needsRedecoding(byte[] raw) {
        for (byte b : raw) {
            if (b < 0 || b == 0x1b) {
                return true;
            }
        }
        return false;
    }

    private static String redecode(byte[] raw) {
        String utf8 = strict(raw, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
        }
        for (byte b : raw) {
            if (b == 0x1b) {
                return strict(raw, Charset.forName("ISO-2022-JP"));
            }
        }
        // Raw Shift_JIS / EUC-JP headers happen; take the reading that looks like Japanese, or leave Latin-1.
        String best = null;
        int bestScore = 0;
        for (String name : List.of("windows-31j", "EUC-JP")) {
            String candidate = strict(raw, Charset.forName(name));
            if (candidate != null && TextDecoder.plausibility(candidate) > bestScore) {
                best = candidate;
                bestScore = TextDecoder.plausibility(candidate);
            }
        }
        return best;
    }

    private static String strict(byte[] raw, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
