package org.csirtgateway.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket IDs: a configured prefix, the year and a per-year number, e.g. {@code CSIRT#2026-000123}. In subjects the ID
 * appears as a tag, {@code [CSIRT#2026-000123]}, which is how replies find their ticket.
 */
public final class TicketIds {

    private final String prefix;
    private final Pattern inText;

    public TicketIds(String prefix) {
        if (prefix == null || prefix.isBlank() || !prefix.matches("[A-Za-z0-9#_.-]{1,20}")) {
            throw new IllegalArgumentException("ticket prefix must be 1-20 letters, digits or # _ . - (got '"
                    + prefix + "')");
        }
        this.prefix = prefix;
        // Not inside a longer ID: another system's "[XY-CSIRT#2026-000001]" is not our CSIRT#2026-000001.
        this.inText = Pattern.compile(
                "(?<![A-Za-z0-9#_.-])" + Pattern.quote(prefix) + "(\\d{4})-(\\d{6,9})(?!\\d)");
    }

    public String format(int year, long number) {
        if (year < 0 || number < 0) {
            return String.format("%s%04d-%06d", prefix, year, number);
        }
        // as String.format("%s%04d-%06d") writes it, without parsing the format for every new ticket
        StringBuilder id = new StringBuilder(prefix.length() + 11).append(prefix);
        zeroPadded(id, year, 4);
        id.append('-');
        zeroPadded(id, number, 6);
        return id.toString();
    }

    private static void zeroPadded(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    public String prefix() {
        return prefix;
    }

    /** Every ticket ID of our form in {@code text}, in order (other systems may add their tags around ours). */
    public List<String> findAllIn(String text) {
        List<String> found = new ArrayList<>();
        if (text != null) {
            Matcher matcher = inText.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        }
        return found;
    }

    /** The subject tag for a ticket. */
    public String tag(String ticketId) {
        return "[" + ticketId + "]";
    }

    /** The first ticket ID of our form found in {@code text} (a subject), if any. */
    public Optional<String> findIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = inText.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }
}
