package org.csirtgateway.parse;

import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Makes readable plain text out of a reporter's HTML with jsoup: block elements become line breaks, scripts, styles
 * and other invisible content are dropped, and a web or mail link's target is kept after its text (a phishing link's real target
 * is evidence). The result is text only: it is never rendered as HTML anywhere, and the UI escapes it.
 */
public final class HtmlText {

    private static final java.util.regex.Pattern TRAILING_BLANKS = java.util.regex.Pattern.compile("[ \\t]+\\n");
    private static final java.util.regex.Pattern BLANK_LINES = java.util.regex.Pattern.compile("\\n{3,}");

    private static final Set<String> INVISIBLE = Set.of("script", "style", "head", "title", "noscript", "template",
            "iframe", "object", "svg");
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2",
            "h3", "h4", "h5", "h6", "pre", "blockquote", "section", "article", "header", "footer", "hr", "dd", "dt",
            "form", "address");

    /** Link targets worth keeping as evidence; script and data URLs are dropped. */
    private static final java.util.regex.Pattern LINK_TARGET = java.util.regex.Pattern.compile(
            "(?i)(https?|ftp|mailto):");

    /** A charset declared by {@code <meta charset=...>} or {@code <meta http-equiv=... content="...; charset=...">}. */
    private static final java.util.regex.Pattern META_CHARSET = java.util.regex.Pattern.compile(
            "(?i)<meta\\s[^>]*?charset\\s*=\\s*[\"']?\\s*([a-z0-9][a-z0-9._:-]*)");

    /** Bytes of an HTML document searched for its {@code <meta>} charset, as browsers do (the head comes first). */
    private static final int META_SCAN_BYTES = 4096;

    private HtmlText() {
    }

    /**
     * The charset an HTML document declares in a {@code <meta>} element within its first bytes, or null. Read before
     * the text is decoded, so the bytes are read as Latin-1 (the markup is ASCII in every charset mail uses). A
     * UTF-16 label is read as UTF-8, as browsers do: a document whose markup could be read this way is not UTF-16.
     */
    public static String metaCharset(byte[] document) {
        String head = new String(document, 0, Math.min(document.length, META_SCAN_BYTES),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher matcher = META_CHARSET.matcher(head);
        if (!matcher.find()) {
            return null;
        }
        String charset = matcher.group(1);
        return charset.toLowerCase(Locale.ROOT).startsWith("utf-16") ? "UTF-8" : charset;
    }

    public static String toPlainText(String html) {
        Document document = Jsoup.parse(html);
        document.select(String.join(",", INVISIBLE)).remove();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element element && isBlock(element)) {
                    newline(out);
                } else if (node instanceof Element element && element.nameIs("td")) {
                    out.append(' ');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    if (isBlock(element)) {
                        newline(out);
                    } else if (element.nameIs("a")) {
                        String href = element.attr("href").strip();
                        if (LINK_TARGET.matcher(href).lookingAt() && !element.text().contains(href)) {
                            out.append(" <").append(href).append('>');
                        }
                    }
                }
            }
        }, document.body());
        String text = out.toString().replace('\u00a0', ' ');
        return BLANK_LINES.matcher(TRAILING_BLANKS.matcher(text).replaceAll("\n")).replaceAll("\n\n").strip();
    }

    private static boolean isBlock(Element element) {
        return BLOCKS.contains(element.normalName().toLowerCase(Locale.ROOT));
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
