package org.csirtgateway.profile;

import java.util.Locale;

/** A text in English and Japanese; each falls back to the other when only one is configured. */
public record Localized(String en, String ja) {

    public static final Localized EMPTY = new Localized("", "");

    public Localized {
        en = en == null ? "" : en;
        ja = ja == null ? "" : ja;
    }

    public static Localized of(String both) {
        return new Localized(both, both);
    }

    /** The text in {@code language} ("ja" or anything else for English). */
    public String in(String language) {
        return "ja".equals(language == null ? "" : language.toLowerCase(Locale.ROOT)) ? ja : en;
    }

    public boolean isEmpty() {
        return en.isEmpty() && ja.isEmpty();
    }
}
