package org.csirtgateway.config;

import java.util.List;

/**
 * What the gateway runs with: every key, its value and where the value came from, for the admin UI's read-only
 * configuration view.
 *
 * <p>Secrets are masked here, where the values are collected, so nothing downstream can show them: for a key marked
 * {@link ConfigKey#secret()} an entry keeps only whether it is set, never the value. Which keys are secret is decided
 * by {@link ConfigKeys} alone, never by looking at values.
 */
public record EffectiveConfiguration(List<Entry> entries) {

    /** No configuration known (a server started without one, e.g. in tests of other features). */
    public static final EffectiveConfiguration NONE = new EffectiveConfiguration(List.of());

    /** Where a value came from. */
    public enum Source {
        /** The key's default in {@link ConfigKeys}. */
        DEFAULT("default"),
        /** The YAML configuration file (or, for the demo and tests, the values they pass in its place). */
        FILE("file"),
        /** A {@code CSIRT_*} environment variable, which overrides the file. */
        ENVIRONMENT("environment");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** default, file or environment. */
        public String label() {
            return label;
        }
    }

    /**
     * One key as the gateway resolved it.
     *
     * @param value the value, or null for a secret (see {@link #set()})
     * @param set   whether the value is non-empty; for a secret, all that is shown
     */
    public record Entry(String key, String environmentVariable, String description, boolean secret, String value,
                        boolean set, Source source) {

        /** The entry for {@code key} resolved to {@code resolved}: a secret's value is dropped here. */
        static Entry of(ConfigKey key, String resolved, Source source) {
            boolean set = resolved != null && !resolved.isBlank();
            return new Entry(key.path(), key.environmentVariable(), key.help(), key.secret(),
                    key.secret() ? null : resolved, set, source);
        }
    }

    public EffectiveConfiguration {
        entries = List.copyOf(entries);
    }

    @Override
    public String toString() {
        return "EffectiveConfiguration[" + entries.size() + " keys]";
    }
}
