package org.csirtgateway.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A subject tag of an earlier ticket system that should still route mail, configured as {@code name=regex}.
 *
 * <p>The regex names what it captures:
 * <ul>
 *   <li>a group {@code ticket}: the rest of one of our own IDs, written another way, e.g.
 *       {@code old=\[IR (?<ticket>\d{4}-\d{6})\]} routes "[IR 2026-000007]" to CSIRT#2026-000007;</li>
 *   <li>a group {@code id}: the ticket number in the other system, looked up as the alias {@code name:id} (written
 *       when tickets are imported), e.g. {@code rt=\[example\.org #(?<id>\d+)\]} routes "[example.org #1234]" to the
 *       ticket with alias rt:1234.</li>
 * </ul>
 */
public record LegacyTagPattern(String name, Pattern pattern) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,30}");

    /** What a legacy tag in a subject names: our ticket ID directly, or an alias to look up. */
    public record Reference(String ticketId, String alias) {
    }

    /**
     * Parses entries, one per line, each {@code name=regex}.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static List<LegacyTagPattern> parseAll(String text) {
        List<LegacyTagPattern> patterns = new ArrayList<>();
        if (text == null) {
            return patterns;
        }
        for (String line : text.split("\\R")) {
            String entry = line.strip();
            if (!entry.isEmpty()) {
                patterns.add(parse(entry));
            }
        }
        return List.copyOf(patterns);
    }

    static LegacyTagPattern parse(String entry) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("entry '" + entry + "' must be name=regex, e.g. "
                    + "rt=\\[example\\.org #(?<id>\\d+)\\]");
        }
        String name = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("entry '" + entry + "': the name '" + name
                    + "' must be lower-case letters, digits, _ or -");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(entry.substring(equals + 1).strip());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("entry '" + entry + "' is not a valid regex: " + e.getDescription());
        }
        String regex = pattern.pattern();
        if (!regex.contains("(?<ticket>") && !regex.contains("(?<id>")) {
            throw new IllegalArgumentException("entry '" + entry + "' needs a named group (?<ticket>...) or "
                    + "(?<id>...)");
        }
        return new LegacyTagPattern(name, pattern);
    }

    /** Every reference this pattern finds in {@code subject}, in order. */
    public List<Reference> findIn(String subject, TicketIds ids) {
        List<Reference> found = new ArrayList<>();
        if (subject == null) {
            return found;
        }
        Matcher matcher = pattern.matcher(subject);
        while (matcher.find()) {
            group(matcher, "ticket").ifPresent(rest -> found.add(new Reference(ids.prefix() + rest, null)));
            group(matcher, "id").ifPresent(id -> found.add(new Reference(null, name + ":" + id)));
        }
        return found;
    }

    private static Optional<String> group(Matcher matcher, String group) {
        try {
            String value = matcher.group(group);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the pattern has no such group
        }
    }
}
