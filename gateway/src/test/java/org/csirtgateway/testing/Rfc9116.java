package org.csirtgateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a security.txt against RFC 9116's rules: line syntax (comment, blank, or "Field: value"), Contact present
 * (section 2.5.3), Expires present exactly once, RFC 3339, in the future and less than a year ahead (2.5.5),
 * Preferred-Languages at most once (2.5.8), URIs where the RFC wants them. Returns the problems (empty when valid).
 */
public final class Rfc9116 {

    private static final Set<String> KNOWN = Set.of("acknowledgments", "canonical", "contact", "encryption",
            "expires", "hiring", "policy", "preferred-languages", "csaf");

    private Rfc9116() {
    }

    public static List<String> problems(String document, Instant now) {
        List<String> problems = new ArrayList<>();
        String text = document;
        if (text.startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) {
            int start = text.indexOf("\n\n");
            int end = text.indexOf("-----BEGIN PGP SIGNATURE-----");
            if (start < 0 || end < 0) {
                problems.add("signed, but not a complete cleartext signature");
                return problems;
            }
            text = text.substring(start + 2, end);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            int colon = raw.indexOf(": ");
            if (colon <= 0) {
                problems.add("not a field: " + raw);
                continue;
            }
            String name = raw.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            if (!KNOWN.contains(name)) {
                problems.add("unknown field " + name);
            }
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(raw.substring(colon + 2));
        }
        if (fields.getOrDefault("contact", List.of()).isEmpty()) {
            problems.add("Contact is required");
        }
        for (String contact : fields.getOrDefault("contact", List.of())) {
            if (!contact.matches("(mailto:|tel:|https://)\\S+")) {
                problems.add("Contact must be a mailto:, tel: or https:// URI: " + contact);
            }
        }
        List<String> expires = fields.getOrDefault("expires", List.of());
        if (expires.size() != 1) {
            problems.add("Expires must appear exactly once, found " + expires.size());
        } else {
            try {
                Instant when = OffsetDateTime.parse(expires.get(0)).toInstant();
                if (!when.isAfter(now)) {
                    problems.add("Expires is not in the future: " + expires.get(0));
                }
                if (!when.isBefore(now.plus(Duration.ofDays(365)))) {
                    problems.add("Expires is a year or more ahead: " + expires.get(0));
                }
            } catch (RuntimeException e) {
                problems.add("Expires is not an RFC 3339 date-time: " + expires.get(0));
            }
        }
        if (fields.getOrDefault("preferred-languages", List.of()).size() > 1) {
            problems.add("Preferred-Languages must appear at most once");
        }
        for (String field : List.of("canonical", "encryption", "policy")) {
            for (String uri : fields.getOrDefault(field, List.of())) {
                if (!uri.matches("(https?|dns|openpgp4fpr):\\S+")) {
                    problems.add(field + " must be a URI: " + uri);
                }
            }
        }
        return problems;
    }
}
