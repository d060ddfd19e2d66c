package org.csirtgateway.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Turns a part's bytes into text: the declared charset when it decodes cleanly; otherwise the charsets such bytes
 * are usually in (UTF-8; EUC-JP and Shift_JIS under a Japanese label); finally windows-1252, which never fails.
 * Every fallback is recorded as a warning.
 */
final class TextDecoder {

    private TextDecoder() {
    }

    static String decode(byte[] bytes, String declaredCharset, List<String> warnings) {
        Charset declared = lookup(declaredCharset, warnings);
        String text = strict(bytes, declared);
        if (text != null) {
            return text;
        }
        // Text cut off in the middle of a character (a broken transfer encoding at the end) is still the declared
        // charset: keep what decodes.
        for (int cut = 1; cut <= 3 && cut < bytes.length; cut++) {
            text = strict(java.util.Arrays.copyOf(bytes, bytes.length - cut), declared);
            if (text != null) {
                warnings.add("Text ends in the middle of a " + declared.name() + " character; the incomplete end "
                        + "was dropped");
                return text;
            }
        }
        String best = null;
        Charset bestCharset = null;
        int bestScore = Integer.MIN_VALUE;
        boolean japaneseLabel = isJapanese(declared);
        for (Charset candidate : fallbacks(declared)) {
            text = strict(bytes, candidate);
            // Outside a Japanese label, a guess that yields private-use characters has failed: windows-31j reads
            // most pairs of Latin-1 letters as its user-defined area (U+E000-U+F8FF), which no reporter writes.
            // Under a Japanese label they may be a mobile carrier's pictographs, so there they only lower the score.
            if (text != null && !japaneseLabel && hasPrivateUse(text)) {
                text = null;
            }
            if (text != null) {
                // Several charsets may accept the same bytes (EUC-JP and Shift_JIS often do): keep the one whose
                // text looks most like Japanese or plain text; the first wins a tie.
                int score = plausibility(text);
                if (score > bestScore) {
                    best = text;
                    bestCharset = candidate;
                    bestScore = score;
                }
            }
        }
        boolean undeclared = declaredCharset == null || declaredCharset.isBlank();
        if (best != null) {
            warnings.add((undeclared ? "Text without a declared charset is not plain ASCII"
                    : "Text declared as " + declared.name() + " is not valid " + declared.name())
                    + "; decoded as " + bestCharset.name());
            return best;
        }
        warnings.add((undeclared ? "Text without a declared charset" : "Text declared as " + declared.name())
                + " could not be decoded cleanly; read as windows-1252, undecodable bytes were replaced");
        return new String(bytes, Charset.forName("windows-1252"));
    }

    private static boolean isJapanese(Charset charset) {
        String name = charset.name().toLowerCase(Locale.ROOT);
        return name.contains("2022-jp") || name.contains("jis") || name.contains("euc-jp");
    }

    private static boolean hasPrivateUse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\ue000' && c <= '\uf8ff') {
                return true;
            }
        }
        return false;
    }

    private static Charset lookup(String name, List<String> warnings) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.US_ASCII;
        }
        String cleaned = name.strip().replace("\"", "");
        try {
            return Charset.forName(aliasOf(cleaned));
        } catch (IllegalArgumentException e) {
            warnings.add("Unknown charset '" + cleaned + "'; guessed instead");
            return StandardCharsets.US_ASCII;
        }
    }

    /** Labels seen in real mail that Java does not know by that name. */
    private static String aliasOf(String label) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "ks_c_5601-1987", "ks_c_5601" -> "x-windows-949";
            case "x-sjis", "shift-jis", "sjis", "x-shift_jis" -> "Shift_JIS";
            case "utf8" -> "UTF-8";
            case "iso-2022-jp-3", "iso-2022-jp-2004" -> "ISO-2022-JP";
            default -> label;
        };
    }

    private static List<Charset> fallbacks(Charset declared) {
        Charset eucJp = Charset.forName("EUC-JP");
        Charset shiftJis = Charset.forName("windows-31j");
        if (isJapanese(declared)) {
            return List.of(eucJp, shiftJis, StandardCharsets.UTF_8, Charset.forName("ISO-2022-JP"));
        }
        return List.of(StandardCharsets.UTF_8, shiftJis, eucJp);
    }

    /**
     * How much decoded text looks like what people write: kana and common ideographs count up, half-width katakana,
     * private-use characters and control characters (typical of the wrong Japanese charset) count down.
     */
    static int plausibility(String text) {
        int score = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\u3040' && c <= '\u30ff') {
                score += 3;
            } else if (c >= '\u4e00' && c <= '\u9fff') {
                score += 1;
            } else if (c >= '\u3000' && c <= '\u303f' || c >= '\uff01' && c <= '\uff5e') {
                score += 1;
            } else if (c >= '\uff61' && c <= '\uff9f') {
                score -= 3;
            } else if (c >= '\ue000' && c <= '\uf8ff' || c < 0x20 && c != '\n' && c != '\r' && c != '\t'
                    || c >= 0x80 && c < 0xa0) {
                score -= 5;
            }
        }
        return score;
    }

    private static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
