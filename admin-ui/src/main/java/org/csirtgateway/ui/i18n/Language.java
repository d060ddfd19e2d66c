package org.csirtgateway.ui.i18n;

import java.util.Locale;
import java.util.Optional;

/** The languages of the admin UI. Stored in {@code users.language} as its {@link #code()}. */
public enum Language {
    ENGLISH("en", Locale.ENGLISH, "English"),
    JAPANESE("ja", Locale.JAPANESE, "日本語");

    /** The language when neither the user nor the browser says otherwise. */
    public static final Language DEFAULT = ENGLISH;

    private final String code;
    private final Locale locale;
    private final String nativeName;

    Language(String code, Locale locale, String nativeName) {
        this.code = code;
        this.locale = locale;
        this.nativeName = nativeName;
    }

    /** The BCP 47 code used in {@code <html lang>}, the database and forms: en, ja. */
    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    /** The language's name in itself, as the language switch shows it: English, 日本語. */
    public String nativeName() {
        return nativeName;
    }

    /** The language with this code (any case), or empty for anything else. */
    public static Optional<Language> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.strip().toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.code.equals(wanted)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /**
     * The language a browser prefers most among ours, from its {@code Accept-Language} header (RFC 9110: a list of
     * ranges with optional q weights; {@code ja-JP} counts as ja); {@link #DEFAULT} when none of ours is acceptable
     * or the header is missing or malformed.
     */
    public static Language fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 1000) {
            return DEFAULT;
        }
        Language best = null;
        double bestWeight = 0;
        for (String item : header.split(",")) {
            String[] parts = item.split(";");
            String range = parts[0].strip().toLowerCase(Locale.ROOT);
            double weight = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            String primary = range.contains("-") ? range.substring(0, range.indexOf('-')) : range;
            Optional<Language> language = parse(primary);
            // The first of equal weights wins, as the browser listed it first.
            if (language.isPresent() && weight > bestWeight) {
                best = language.get();
                bestWeight = weight;
            }
        }
        return best == null ? DEFAULT : best;
    }
}
