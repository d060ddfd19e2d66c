package org.csirtgateway.ui.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The UI's message bundles, {@code i18n/messages_en.properties} and {@code i18n/messages_ja.properties} (UTF-8),
 * read once. Both must have the same keys: a bundle missing a key the other has stops the server at start-up
 * instead of showing a raw key to an analyst.
 */
public final class Messages {

    private static final Messages BUNDLED = new Messages();

    private final Map<Language, Map<String, String>> bundles = new EnumMap<>(Language.class);

    private Messages() {
        for (Language language : Language.values()) {
            bundles.put(language, Map.copyOf(read("i18n/messages_" + language.code() + ".properties")));
        }
        Set<String> english = bundles.get(Language.ENGLISH).keySet();
        for (Language language : Language.values()) {
            if (!bundles.get(language).keySet().equals(english)) {
                Set<String> missing = new java.util.TreeSet<>(english);
                missing.removeAll(bundles.get(language).keySet());
                Set<String> extra = new java.util.TreeSet<>(bundles.get(language).keySet());
                extra.removeAll(english);
                throw new IllegalStateException("Message bundle " + language.code() + " differs from en: missing "
                        + missing + ", extra " + extra);
            }
        }
    }

    /** The bundles in the admin-ui jar. */
    public static Messages bundled() {
        return BUNDLED;
    }

    /** The UI in {@code language}, with times shown in {@code zone}. */
    public Texts texts(Language language, ZoneId zone) {
        return new Texts(language, bundles.get(language), zone);
    }

    /** Every key of a language's bundle (for tests). */
    public Set<String> keys(Language language) {
        return bundles.get(language).keySet();
    }

    private static Map<String, String> read(String resource) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource + " in the admin-ui jar");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> messages = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> messages.put(key, properties.getProperty(key)));
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
