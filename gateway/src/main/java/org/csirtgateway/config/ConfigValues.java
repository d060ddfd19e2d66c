package org.csirtgateway.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Typed access to flat configuration values; every conversion error names its key. */
final class ConfigValues {

    /** The longest duration a key in seconds takes: 30 days. */
    static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(30L * 24 * 3600);

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

    /**
     * A duration given in seconds, decimals allowed down to milliseconds: {@code 10}, {@code 0.2}. At least 1 ms and
     * at most {@link #MAX_SECONDS}.
     */
    Duration seconds(String key) {
        BigDecimal seconds = number(key, "a number of seconds such as 10 or 0.2");
        if (seconds.compareTo(new BigDecimal("0.001")) < 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            throw new ConfigException("Key '" + key + "' must be from 0.001 to " + MAX_SECONDS.toPlainString()
                    + " seconds, got " + text(key));
        }
        if (seconds.stripTrailingZeros().scale() > 3) {
            throw new ConfigException("Key '" + key + "' takes seconds to the millisecond (at most 3 decimals), got "
                    + text(key));
        }
        return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
    }

    /** A number such as 2 or 0.25, not NaN or infinite. */
    double decimal(String key) {
        return number(key, "a number such as 2 or 0.25").doubleValue();
    }

    private BigDecimal number(String key, String expected) {
        try {
            return new BigDecimal(text(key));
        } catch (NumberFormatException e) {
            throw new ConfigException("Key '" + key + "' must be " + expected + ", got '" + text(key) + "'");
        }
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
