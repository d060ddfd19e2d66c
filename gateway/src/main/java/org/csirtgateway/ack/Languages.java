package org.csirtgateway.ack;

/** Picks the language of a report for its acknowledgement: Japanese when it contains kana, else the default. */
final class Languages {

    private Languages() {
    }

    static String detect(String text, String defaultLanguage) {
        int kana = 0;
        for (int i = 0; i < text.length(); i++) {
            Character.UnicodeBlock block = Character.UnicodeBlock.of(text.charAt(i));
            if (block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA) {
                if (++kana >= 3) {
                    return "ja";
                }
            }
        }
        return defaultLanguage;
    }
}
