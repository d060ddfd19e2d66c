package org.csirtgateway.ui.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.csirtgateway.config.ConfigKeys;
import org.csirtgateway.config.EffectiveConfiguration;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Texts;

/**
 * What each configuration key means, in the reader's language, for the configuration page. English is
 * {@link ConfigKeys}' own help text; Japanese comes from {@code i18n/config-keys_ja.properties} (UTF-8), read once.
 * A further mailbox's key {@code imap.<name>.<field>} is described as {@code imap.<field>}, naming the mailbox. A key
 * without a Japanese text keeps its English one, marked as English.
 */
public final class ConfigDescriptions {

    private static final String JAPANESE = "i18n/config-keys_ja.properties";
    private static final ConfigDescriptions BUNDLED = new ConfigDescriptions(read(JAPANESE));

    /**
     * A description to show.
     *
     * @param lang the language it is written in (en or ja), for the element's {@code lang}
     */
    public record Description(String text, String lang) {
    }

    private final Map<String, String> japanese;

    private ConfigDescriptions(Map<String, String> japanese) {
        this.japanese = Map.copyOf(japanese);
    }

    /** The descriptions in the admin-ui jar. */
    public static ConfigDescriptions bundled() {
        return BUNDLED;
    }

    /** The description of {@code entry} for a reader of {@code texts}' language. */
    public Description describe(EffectiveConfiguration.Entry entry, Texts texts) {
        if (texts.language() == Language.JAPANESE) {
            Optional<String> channel = ConfigKeys.channelOf(entry.key());
            String text = japanese.get(ConfigKeys.channelFallbackOf(entry.key()).orElse(entry.key()));
            if (text != null) {
                return new Description(channel.map(name -> texts.t("config.channelKey", text, name)).orElse(text),
                        Language.JAPANESE.code());
            }
        }
        return new Description(entry.description(), Language.ENGLISH.code());
    }

    /** The keys that have a Japanese description (for tests). */
    public Set<String> japaneseKeys() {
        return japanese.keySet();
    }

    private static Map<String, String> read(String resource) {
        try (InputStream in = ConfigDescriptions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource + " in the admin-ui jar");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> texts = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
