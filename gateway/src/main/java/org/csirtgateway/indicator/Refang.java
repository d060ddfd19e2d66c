package org.csirtgateway.indicator;

import java.util.regex.Pattern;

/** Undoes the usual defanging of indicators in reports: hxxp, [.], (.), [dot], {.}, [:], [at], [@]. */
public final class Refang {

    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(h[x*]{2}p)(s?)(\\[:\\]|:)//");
    private static final Pattern DOT = Pattern.compile("(?i)\\s?(\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)|\\{dot\\})\\s?");
    private static final Pattern COLON = Pattern.compile("\\[:\\]");
    private static final Pattern AT = Pattern.compile("(?i)\\s?(\\[at\\]|\\(at\\)|\\[@\\]|\\{at\\})\\s?");

    private Refang() {
    }

    /** Cheap test: only text with one of the defanging marks can hold defanged indicators. */
    public static boolean mayBeDefanged(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("xxp") || lower.contains("x*p") || lower.contains("**p") || hasDotMark(lower)
                || lower.contains("[:]") || hasAtMark(lower);
    }

    public static String refang(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String result = text;
        if (lower.contains("xxp") || lower.contains("x*p") || lower.contains("**p")) {
            result = SCHEME.matcher(result).replaceAll("http$2://");
        }
        if (hasDotMark(lower)) {
            result = DOT.matcher(result).replaceAll(".");
        }
        if (lower.contains("[:]")) {
            result = COLON.matcher(result).replaceAll(":");
        }
        if (hasAtMark(lower)) {
            result = AT.matcher(result).replaceAll("@");
        }
        return result;
    }

    private static boolean hasDotMark(String lower) {
        return lower.contains("[.]") || lower.contains("(.)") || lower.contains("{.}") || lower.contains("[dot]")
                || lower.contains("(dot)") || lower.contains("{dot}");
    }

    private static boolean hasAtMark(String lower) {
        return lower.contains("[at]") || lower.contains("(at)") || lower.contains("[@]") || lower.contains("{at}");
    }
}
