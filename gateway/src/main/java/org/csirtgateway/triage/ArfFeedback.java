package org.csirtgateway.triage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Feedback-Type of ARF reports (RFC 5965) from a raw message: the {@code message/feedback-report} part is
 * not text, so the parser leaves it out of the report's text. Only the first {@link #MAX_SCAN_BYTES} are read, and
 * only an unencoded (7bit/8bit) feedback part is understood, which is how ARF producers send it.
 */
public final class ArfFeedback {

    public static final int MAX_SCAN_BYTES = 1024 * 1024;

    private static final Pattern PART = Pattern.compile("(?i)content-type:\\s*message/feedback-report");
    private static final Pattern TYPE = Pattern.compile("(?im)^feedback-type:\\s*([a-z0-9_-]{1,40})\\s*$");

    private ArfFeedback() {
    }

    /** The Feedback-Type values found, lower case; empty for a message that is no ARF report. */
    public static List<String> feedbackTypes(byte[] raw) {
        int length = Math.min(raw.length, MAX_SCAN_BYTES);
        String text = new String(raw, 0, length, StandardCharsets.ISO_8859_1);
        Matcher part = PART.matcher(text);
        List<String> types = new ArrayList<>();
        if (!part.find()) {
            return types;
        }
        Matcher type = TYPE.matcher(text);
        type.region(part.end(), text.length());
        while (type.find() && types.size() < 5) {
            String value = type.group(1).toLowerCase(Locale.ROOT);
            if (!types.contains(value)) {
                types.add(value);
            }
        }
        return types;
    }
}
