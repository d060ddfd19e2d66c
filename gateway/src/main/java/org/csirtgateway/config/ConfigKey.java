package org.csirtgateway.config;

import java.util.Locale;

/**
 * One configuration key: its dotted path in the YAML file, its environment variable, its default, and whether it
 * is a secret (masked wherever configuration is shown).
 */
public record ConfigKey(String path, String defaultValue, boolean secret, String help) {

    /** {@code imap.host} -> {@code CSIRT_IMAP_HOST}; {@code team.ticketPrefix} -> {@code CSIRT_TEAM_TICKET_PREFIX}. */
    public String environmentVariable() {
        String snake = path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
        return "CSIRT_" + snake.toUpperCase(Locale.ROOT);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
