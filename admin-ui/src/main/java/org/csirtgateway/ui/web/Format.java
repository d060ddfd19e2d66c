package org.csirtgateway.ui.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Pure formatting helpers for templates. Everything they return is still escaped by jte on output. */
public final class Format {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** "2026-03-01 12:34 UTC", or a dash for null. */
    public static String instant(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }

    /** The machine-readable form for {@code <time datetime>}, or empty. */
    public static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** A value as one URL path segment: {@code CSIRT#2026-000123} becomes {@code CSIRT%232026-000123}. */
    public static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value for a query string parameter. */
    public static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** "Name <address>", just the address, or a dash. */
    public static String sender(String name, String address) {
        boolean hasName = name != null && !name.isBlank();
        boolean hasAddress = address != null && !address.isBlank();
        if (hasName && hasAddress) {
            return name + " <" + address + ">";
        }
        return hasName ? name : hasAddress ? address : "—";
    }

    /** A value reduced to [a-z0-9-] for use in a CSS class name. */
    public static String cssToken(String value) {
        return value == null ? "" : value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "");
    }

    /** An OpenPGP fingerprint in groups of four, as GnuPG shows it, so it wraps between groups and reads aloud. */
    public static String fingerprint(String hex) {
        if (hex == null) {
            return "—";
        }
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            grouped.append(i == 0 ? "" : " ").append(hex, i, Math.min(hex.length(), i + 4));
        }
        return grouped.toString();
    }

    public static String orDash(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }
}
