package org.csirtgateway.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text of a report with what changes between two sendings of the same report taken away: quoting markers,
 * forwarding and reply headers, greeting and closing lines, the signature, case and whitespace. Two reports with the
 * same normalised text are the same report; near-duplicates are measured on it too.
 */
public final class ReportText {

    /** Normalised texts shorter than this are too generic ("see attachment") to call two reports the same. */
    public static final int MIN_EXACT_DUPLICATE_CHARS = 40;

    /** How far from the end (in non-blank lines) a closing line ("Regards,") ends the report text. */
    private static final int CLOSING_WINDOW_LINES = 8;

    private static final Pattern QUOTE_MARKERS = Pattern.compile("^(\\s*>)+\\s?");
    private static final Pattern SIGNATURE_DELIMITER = Pattern.compile("^--\\s?$|^__+$|^sent from my .*$");
    private static final Pattern FORWARD_MARKER = Pattern.compile(
            "^-+\\s*(original message|forwarded message|転送メッセージ|元のメッセージ)\\s*-+$"
                    + "|^begin forwarded message:?$|^on .{3,200} wrote:$|^.{3,200}さんは書きました[:：]?$");
    private static final Pattern FORWARD_HEADER = Pattern.compile(
            "^(from|sent|to|cc|subject|date|差出人|送信者|送信日時|日付|宛先|件名)\\s*[:：].*$");
    private static final Pattern GREETING = Pattern.compile(
            "^(hello|hi|hey|dear|good (morning|afternoon|evening)|greetings|to whom it may concern|team|"
                    + "お世話になっております|お世話になります|いつもお世話になっております|ご担当者様|.{1,30}様)\\b?.{0,40}$");
    private static final Pattern CLOSING = Pattern.compile(
            "^(regards|best regards|kind regards|best wishes|best|thanks|thank you|many thanks|cheers|sincerely|"
                    + "yours sincerely|br|以上|よろしくお願いいたします|よろしくお願いします|宜しくお願い致します)"
                    + "[,.!。、]*.{0,20}$");

    private ReportText() {
    }

    /** The normalised text: lower-case, one space between words, greeting, quoting, closing and signature gone. */
    public static String normalise(String text) {
        return collapseWhitespace(String.join(" ", contentLines(text, true))).strip();
    }

    /** Each run of {@code \s} characters (as a {@link Pattern} without flags reads it) as one space. */
    static String collapseWhitespace(String text) {
        StringBuilder collapsed = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (!isRegexSpace(text.charAt(i))) {
                if (collapsed != null) {
                    collapsed.append(text.charAt(i));
                }
                continue;
            }
            int end = i + 1;
            while (end < length && isRegexSpace(text.charAt(end))) {
                end++;
            }
            if (collapsed == null) {
                if (end == i + 1 && text.charAt(i) == ' ') {
                    continue; // a single space stays as it is
                }
                collapsed = new StringBuilder(length).append(text, 0, i);
            }
            collapsed.append(' ');
            i = end - 1;
        }
        return collapsed == null ? text : collapsed.toString();
    }

    /** {@code \s} of a {@link Pattern} without flags: [ \t\n\x0B\f\r]. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /**
     * What the reporter wrote about the incident, case kept: the lines without quoting markers, forwarding and reply
     * headers, greeting, closing and signature. Indicators found here are the report's own, not the addresses of
     * whoever forwarded it.
     */
    public static String content(String text) {
        return String.join("\n", contentLines(text, false));
    }

    private static List<String> contentLines(String text, boolean lowerCase) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        List<String> lowered = new ArrayList<>();
        // Each pattern is tried only on lines that have what every match of it starts with or contains: most lines
        // of a report are none of these, and trying them all on each line was most of the cost of normalising.
        for (String raw : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String kept = (raw.indexOf('>') >= 0 ? QUOTE_MARKERS.matcher(raw).replaceFirst("") : raw).strip();
            String line = kept.toLowerCase(Locale.ROOT);
            if (maySignSignature(line) && SIGNATURE_DELIMITER.matcher(line).matches()) {
                break;
            }
            if (line.isEmpty() || mayMarkForward(line) && FORWARD_MARKER.matcher(line).matches()
                    || mayBeForwardHeader(line) && FORWARD_HEADER.matcher(line).matches()) {
                continue;
            }
            lines.add(kept);
            lowered.add(line);
        }
        // a greeting opens the text (possibly after forwarding headers removed above)
        int first = 0;
        while (first < lowered.size() && lowered.get(first).length() <= 60
                && GREETING.matcher(lowered.get(first)).matches()) {
            first++;
        }
        int end = lowered.size();
        for (int i = Math.max(first, lowered.size() - CLOSING_WINDOW_LINES); i < lowered.size(); i++) {
            if (CLOSING.matcher(lowered.get(i)).matches()) {
                end = i;
                break;
            }
        }
        return (lowerCase ? lowered : lines).subList(first, end);
    }

    /** Can {@link #SIGNATURE_DELIMITER} match the (lower-case) line? */
    private static boolean maySignSignature(String line) {
        return line.startsWith("--") || line.startsWith("__") || line.startsWith("sent from my ");
    }

    /** Can {@link #FORWARD_MARKER} match the (lower-case) line? Each of its alternatives needs one of these. */
    private static boolean mayMarkForward(String line) {
        return line.startsWith("-") || line.startsWith("begin forwarded message") || line.startsWith("on ")
                || line.contains("さんは書きました");
    }

    /** Can {@link #FORWARD_HEADER} match the line? It needs a colon. */
    private static boolean mayBeForwardHeader(String line) {
        return line.indexOf(':') >= 0 || line.indexOf('：') >= 0;
    }

    /** SHA-256 (hex) of the normalised text, or null when it is too short to call two reports the same. */
    public static String exactDuplicateKey(String text) {
        return exactDuplicateKeyOfNormalised(normalise(text));
    }

    /** {@link #exactDuplicateKey} of text already {@link #normalise}d. */
    static String exactDuplicateKeyOfNormalised(String normalised) {
        if (normalised.length() < MIN_EXACT_DUPLICATE_CHARS) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Words of normalised text for shingling: runs of letters and digits (with inner dots, hyphens, '@', '/', ':' so
     * that IPs, domains and URLs stay one word), and each CJK character on its own (Japanese has no spaces).
     */
    static List<String> words(String normalised) {
        List<String> words = new ArrayList<>();
        int start = -1; // where the word being read began, or -1
        int length = normalised.length();
        for (int i = 0; i < length; ) {
            int cp = normalised.codePointAt(i);
            int len = Character.charCount(cp);
            if (isCjk(cp)) {
                start = flush(normalised, start, i, words);
                words.add(normalised.substring(i, i + len));
            } else if (isLetterOrDigit(cp)) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0 && (cp == '.' || cp == '-' || cp == '@' || cp == '/' || cp == ':' || cp == '_')
                    && i + len < length && isLetterOrDigit(normalised.codePointAt(i + len))) {
                // inside a word: kept
            } else {
                start = flush(normalised, start, i, words);
            }
            i += len;
        }
        flush(normalised, start, length, words);
        return words;
    }

    /** {@link Character#isLetterOrDigit(int)}, answered for ASCII (nearly all of most reports) without a lookup. */
    private static boolean isLetterOrDigit(int cp) {
        if (cp < 0x80) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
        }
        return Character.isLetterOrDigit(cp);
    }

    /** Adds the word from {@code start} (if one is being read) to {@code end}; returns -1 (no word being read). */
    private static int flush(String text, int start, int end, List<String> words) {
        if (start >= 0) {
            words.add(text.substring(start, end));
        }
        return -1;
    }

    /** For each character of the Basic Multilingual Plane, whether {@link #isCjkScript} holds (looked up once). */
    private static final java.util.BitSet CJK_BMP = new java.util.BitSet(0x10000);

    static {
        for (int cp = 0x1100; cp < 0x10000; cp++) {
            if (isCjkScript(cp)) {
                CJK_BMP.set(cp);
            }
        }
    }

    private static boolean isCjk(int cp) {
        if (cp < 0x1100) {
            return false; // no Han, kana or Hangul below the Hangul Jamo block: spares the script lookup
        }
        return cp < 0x10000 ? CJK_BMP.get(cp) : isCjkScript(cp);
    }

    private static boolean isCjkScript(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
