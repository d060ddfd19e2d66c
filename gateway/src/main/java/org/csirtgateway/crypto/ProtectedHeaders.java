package org.csirtgateway.crypto;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.csirtgateway.reason.Finding;

/**
 * Headers a sender protected by putting them inside the signed or encrypted part (RFC 9788, the "memory hole"
 * convention: Subject, From, Date and the like in the header of the protected entity), held against the ones that
 * travelled outside, which anyone on the way could have changed. A difference is a finding the analyst sees.
 */
final class ProtectedHeaders {

    /** The headers compared: what an analyst reads to judge who said what, and when. */
    private static final List<String> COMPARED = List.of("Subject", "From", "Date");

    /** Outer subjects that senders put in place of a hidden one: their difference is the protection working. */
    private static final Set<String> SUBJECT_PLACEHOLDERS = Set.of("", "...", "…", "[...]", "encrypted message",
            "encrypted subject", "(encrypted)");

    private ProtectedHeaders() {
    }

    /**
     * One finding ({@code protected-header-differs}: name, protected value, outer value) per compared header present
     * in the protected entity whose value differs from the outer one. For an encrypted entity a hidden subject behind
     * a placeholder outside is not a difference.
     */
    static List<Finding> differences(RawMime.Entity outer, RawMime.Entity inner, boolean encrypted) {
        List<Finding> found = new ArrayList<>();
        for (String name : COMPARED) {
            String inside = inner.header(name);
            if (inside == null) {
                continue;
            }
            String outside = outer.header(name);
            String innerValue = decoded(inside);
            String outerValue = outside == null ? "" : decoded(outside);
            if (same(name, innerValue, outerValue)) {
                continue;
            }
            if (encrypted && name.equals("Subject")
                    && SUBJECT_PLACEHOLDERS.contains(outerValue.toLowerCase(Locale.ROOT))) {
                continue;
            }
            found.add(Finding.of("protected-header-differs", name, innerValue, outerValue));
        }
        return found;
    }

    private static boolean same(String name, String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (name.equals("From")) {
            return address(a).equalsIgnoreCase(address(b));
        }
        if (name.equals("Date")) {
            try {
                return parseDate(a).toInstant().equals(parseDate(b).toInstant());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return a.replaceAll("\\s+", " ").strip().equals(b.replaceAll("\\s+", " ").strip());
    }

    /** The address in "Name &lt;address&gt;" or a bare address, lower case. */
    static String address(String mailbox) {
        int open = mailbox.lastIndexOf('<');
        int close = mailbox.lastIndexOf('>');
        String address = open >= 0 && close > open ? mailbox.substring(open + 1, close) : mailbox;
        return address.strip().toLowerCase(Locale.ROOT);
    }

    static ZonedDateTime parseDate(String value) {
        String cleaned = value.replaceAll("\\s*\\([^)]*\\)\\s*$", "").replaceAll("\\s+", " ").strip();
        return ZonedDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME);
    }

    static String decoded(String value) {
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT).strip();
        } catch (RuntimeException e) {
            return value.strip();
        }
    }
}
