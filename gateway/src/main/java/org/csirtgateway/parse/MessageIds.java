package org.csirtgateway.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message-ID handling: stored without angle brackets, compared exactly. */
public final class MessageIds {

    private static final Pattern BRACKETED = Pattern.compile("<([^<>\\s]+)>");

    private MessageIds() {
    }

    /** {@code <abc@example.org>} -> {@code abc@example.org}; null stays null; blank becomes null. */
    public static String strip(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = BRACKETED.matcher(value);
        if (matcher.find()) {
            return matcher.group(1);
        }
        return value.strip();
    }

    /** All bracketed IDs in a References or In-Reply-To value, in order. */
    public static List<String> parseList(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null) {
            return ids;
        }
        Matcher matcher = BRACKETED.matcher(value);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
