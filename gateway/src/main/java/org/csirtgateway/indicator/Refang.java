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

    public static String refang(String text) {
        String result = SCHEME.matcher(text).replaceAll("http$2://");
        result = DOT.matcher(result).replaceAll(".");
        result = COLON.matcher(result).replaceAll(":");
        return AT.matcher(result).replaceAll("@");
    }
}
