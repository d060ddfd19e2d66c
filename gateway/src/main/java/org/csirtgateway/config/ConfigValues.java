package org.csirtgateway.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Typed access to flat configuration values; every conversion error names its key. */
final class ConfigValues {

    private final Map<String, String> values;

    ConfigValues(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    String text(String key) {
        return values.get(key).strip();
    }

    int port(String key) {
        int port = integer(key);
        if (port < 0 || port > 65535) {
            throw new ConfigException("Key '" + key + "' must be a port number 0-65535, got " + port);
        }
        return port;
    }

    int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw new ConfigException("Key '" + key + "' must be a whole number, got '" + text(key) + "'");
        }
    }

    int positive(String key) {
        int value = integer(key);
        if (value <= 0) {
            throw new ConfigException("Key '" + key + "' must be greater than 0, got " + value);
        }
        return value;
    }

    boolean bool(String key) {
        return switch (text(key).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("Key '" + key + "' must be true or false, got '" + text(key) + "'");
        };
    }

    String oneOf(String key, Set<String> allowed) {
        String value = text(key).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new ConfigException("Key '" + key + "' must be one of " + String.join(", ", allowed.stream()
                    .sorted().toList()) + ", got '" + text(key) + "'");
        }
        return value;
    }

    String address(String key) {
        String value = text(key);
        if (!value.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw new ConfigException("Key '" + key + "' must be an e-mail address like csirt@example.org, got '"
                    + value + "'");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    Path path(String key) {
        try {
            return Path.of(text(key));
        } catch (RuntimeException e) {
            throw new ConfigException("Key '" + key + "' is not a valid path: " + e.getMessage());
        }
    }
}
