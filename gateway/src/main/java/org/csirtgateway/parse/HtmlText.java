package org.csirtgateway.parse;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes readable plain text out of a reporter's HTML part. The result is text only: it is never rendered as HTML
 * anywhere, and the UI escapes it like any other text.
 */
final class HtmlText {

    private static final Pattern INVISIBLE = Pattern.compile("(?i)<(script|style|head|title)\\b");
    private static final Map<String, Pattern> INVISIBLE_END = Map.of(
            "script", Pattern.compile("(?i)</script\\s*>"), "style", Pattern.compile("(?i)</style\\s*>"),
            "head", Pattern.compile("(?i)</head\\s*>"), "title", Pattern.compile("(?i)</title\\s*>"));
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern BREAK = Pattern.compile("(?i)<(br|/p|/div|/tr|/li|/h[1-6]|p|div|tr|li)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n[ \\t]*\\n([ \\t]*\\n)+");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");

    private HtmlText() {
    }

    // Every step must stay linear in the size of the HTML: a lazy ".*?" or "[^>]*" that fails rescans to the end for
    // each opening "<", so a few hundred kilobytes of unclosed tags would hold the intake for minutes.

    static String toPlainText(String html) {
        String text = removeInvisibleElements(html);
        text = replaceBeforeLast(COMMENT, text, "-->", " ");
        text = replaceBeforeLast(BREAK, text, ">", "\n");
        text = replaceBeforeLast(TAG, text, ">", "");
        text = decodeEntities(text);
        text = text.replace("\r", "");
        return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
    }

    /** Removes script, style, head and title elements with their content; an unclosed one only loses its tag. */
    private static String removeInvisibleElements(String html) {
        Matcher open = INVISIBLE.matcher(html);
        Set<String> unclosed = new HashSet<>();
        StringBuilder out = new StringBuilder(html.length());
        int copied = 0;
        int from = 0;
        while (from < html.length() && open.find(from)) {
            String name = open.group(1).toLowerCase(Locale.ROOT);
            // Once no closing tag follows one element, none follows a later one: never search for it again.
            Matcher close = unclosed.contains(name) ? null : INVISIBLE_END.get(name).matcher(html);
            if (close != null && close.find(open.end())) {
                out.append(html, copied, open.start()).append(' ');
                copied = close.end();
                from = close.end();
            } else {
                unclosed.add(name);
                from = open.end();
            }
        }
        return out.append(html, copied, html.length()).toString();
    }

    /**
     * Replaces {@code pattern} only in the text up to the last {@code end}: no match can lie beyond it, and there every
     * attempt finds its end quickly instead of scanning to the end of the text.
     */
    private static String replaceBeforeLast(Pattern pattern, String text, String end, String replacement) {
        int last = text.lastIndexOf(end);
        if (last < 0) {
            return text;
        }
        int cut = last + end.length();
        return pattern.matcher(text.substring(0, cut)).replaceAll(replacement) + text.substring(cut);
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
        return NAMED.getOrDefault(name.toLowerCase(Locale.ROOT), original);
    }
}
