package org.csirtgateway.crypto;

import java.util.Locale;

/**
 * OpenPGP armor as mail software leaves it. HTML mail and quoted-printable text turn the blank line that ends an
 * armor's header lines, or the end of a header line such as {@code Version:}, into a non-breaking space (U+00A0, sent
 * as {@code =C2=A0} or {@code &nbsp;}); armor parsers then do not find the armor or reject it as an invalid armor
 * header. This removes such whitespace inside armor only, before it is parsed:
 *
 * <ul>
 *   <li>from the {@code -----BEGIN PGP ...-----} line to its {@code -----END PGP ...-----} line, trailing whitespace
 *       is removed from every line and a whitespace-only line becomes empty;</li>
 *   <li>of a cleartext-signed message (RFC 9580 section 7) only the BEGIN line and its header lines ({@code Hash:})
 *       up to the blank separator are normalised: the signed text after it is exactly what the signature covers and
 *       stays as it is (its signature block is armor again).</li>
 * </ul>
 *
 * <p>No other character is changed: the base64 payload (and its checksum line) keeps every character it has, and
 * text outside armor is untouched, so what a block decrypts or verifies to is never altered by this.
 */
final class ArmorWhitespace {

    private static final String BEGIN = "-----BEGIN PGP ";
    private static final String END = "-----END PGP ";
    private static final String SIGNED_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";

    /** HTML's spellings of a non-breaking space, as they survive in text taken from HTML mail. */
    private static final String[] SPACE_ENTITIES = {"&nbsp;", "&#160;", "&#xa0;"};

    private enum State { OUTSIDE, ARMOR, SIGNED_HEADERS }

    private ArmorWhitespace() {
    }

    /** {@code text} with the whitespace in its armor blocks normalised; the same string when there was none. */
    static String normalise(String text) {
        if (!text.contains(BEGIN)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        State state = State.OUTSIDE;
        int lineStart = 0;
        boolean changed = false;
        while (lineStart < text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.length() : newline;
            int contentEnd = lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            String line = text.substring(lineStart, contentEnd);
            String terminator = text.substring(contentEnd, newline < 0 ? text.length() : newline + 1);
            String stripped = stripTrailingWhitespace(line);
            String kept = line;
            switch (state) {
                case OUTSIDE -> {
                    if (isBeginLine(stripped)) {
                        kept = stripped;
                        state = stripped.equals(SIGNED_MESSAGE) ? State.SIGNED_HEADERS : State.ARMOR;
                    }
                }
                case ARMOR -> {
                    kept = stripped;
                    if (stripped.startsWith(END)) {
                        state = State.OUTSIDE;
                    } else if (stripped.equals(SIGNED_MESSAGE)) {
                        state = State.SIGNED_HEADERS; // the armor before was cut off: a new block starts here
                    }
                }
                case SIGNED_HEADERS -> {
                    kept = stripped;
                    if (stripped.isEmpty()) {
                        state = State.OUTSIDE;
                    }
                }
            }
            changed |= kept.length() != line.length();
            out.append(kept).append(terminator);
            lineStart = newline < 0 ? text.length() : newline + 1;
        }
        return changed ? out.toString() : text;
    }

    /** An armor header line: {@code -----BEGIN PGP <TYPE>-----} with nothing before it. */
    private static boolean isBeginLine(String line) {
        return line.startsWith(BEGIN) && line.endsWith("-----") && line.length() > BEGIN.length() + 5
                && line.substring(BEGIN.length(), line.length() - 5).matches("[A-Z0-9 ,/]+");
    }

    /** The line without the whitespace (Unicode spaces such as U+00A0 and HTML's spellings of it) at its end. */
    static String stripTrailingWhitespace(String line) {
        int end = line.length();
        while (end > 0) {
            char c = line.charAt(end - 1);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                end--;
                continue;
            }
            int entity = entityEndingAt(line, end);
            if (entity == 0) {
                break;
            }
            end -= entity;
        }
        return line.substring(0, end);
    }

    private static int entityEndingAt(String line, int end) {
        if (end == 0 || line.charAt(end - 1) != ';') {
            return 0;
        }
        String tail = line.substring(Math.max(0, end - 6), end).toLowerCase(Locale.ROOT);
        for (String entity : SPACE_ENTITIES) {
            if (tail.endsWith(entity)) {
                return entity.length();
            }
        }
        return 0;
    }
}
