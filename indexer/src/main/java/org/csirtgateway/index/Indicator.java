package org.csirtgateway.index;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An indicator of compromise, as an exact (type, value) pair. The value is normalised so that the same indicator
 * written two ways is one term: host names, mail addresses, hashes and CVE ids are lower-cased (they are
 * case-insensitive), a trailing dot of a domain is dropped; IPs and URLs are kept as written apart from surrounding
 * whitespace (a URL path is case-sensitive).
 *
 * @param type  one of {@link #TYPES}
 * @param value the normalised value
 */
public record Indicator(String type, String value) {

    public static final String IP = "ip";
    public static final String DOMAIN = "domain";
    public static final String URL = "url";
    public static final String EMAIL = "email";
    public static final String HASH = "hash";
    public static final String CVE = "cve";

    /** The types the index has a field for; each is also the field name ({@code ip:192.0.2.1}). */
    public static final Set<String> TYPES = Set.of(IP, DOMAIN, URL, EMAIL, HASH, CVE);

    public Indicator {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        type = type.strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("Unknown indicator type '" + type + "'; known: " + TYPES);
        }
        value = normalise(type, value);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Empty " + type + " indicator");
        }
    }

    /** The value as the index stores it for {@code type}. */
    public static String normalise(String type, String value) {
        String v = value.strip();
        return switch (type) {
            case DOMAIN -> stripTrailingDot(v.toLowerCase(Locale.ROOT));
            case EMAIL, HASH, CVE -> v.toLowerCase(Locale.ROOT);
            case IP -> v.toLowerCase(Locale.ROOT); // IPv6 hex digits
            default -> v;
        };
    }

    private static String stripTrailingDot(String v) {
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }
}
