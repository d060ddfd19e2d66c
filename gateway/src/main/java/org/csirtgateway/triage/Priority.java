package org.csirtgateway.triage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How soon a report needs a person, as a classification rule suggests it. */
public enum Priority {
    CRITICAL, HIGH, MEDIUM, LOW;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Priority> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.label().equalsIgnoreCase(text == null ? "" : text.strip()))
                .findFirst();
    }
}
