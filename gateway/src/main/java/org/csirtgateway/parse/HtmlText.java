package org.csirtgateway.parse;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes readable plain text out of a reporter's HTML part. The result is text only: it is never rendered as HTML
 * anywhere, and the UI escapes it like any other text.
 */
final class HtmlText {

    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style|head|title)\\b.*?</\\1\\s*>");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern BREAK = Pattern.compile("(?i)<(br|/p|/div|/tr|/li|/h[1-6]|p|div|tr|li)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n[ \\t]*\\n([ \\t]*\\n)+");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");

    private HtmlText() {
    }

    static String toPlainText(String html) {
        String text = INVISIBLE.matcher(html).replaceAll(" ");
        text = COMMENT.matcher(text).replaceAll(" ");
        text = BREAK.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        text = decodeEntities(text);
        text = text.replace("\r", "");
        return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
    }

    private static String decodeEntities(String text) {
        Matcher matcher = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(entity(matcher.group(1), matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String entity(String name, String original) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return original;
        }
        return NAMED.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), original);
    }
}
