package org.csirtgateway.ack;

/** Picks the language of a report for its acknowledgement: Japanese when it contains kana, else the default. */
final class Languages {

    private Languages() {
    }

    static String detect(String text, String defaultLanguage) {
        int kana = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // The Hiragana (U+3040-309F) and Katakana (U+30A0-30FF) blocks, compared directly: looking the block up
            // for every character of a long report cost a twentieth of intake's CPU.
            if (c >= '\u3040' && c <= '\u30FF' && ++kana >= 3) {
                return "ja";
            }
        }
        return defaultLanguage;
    }
}
