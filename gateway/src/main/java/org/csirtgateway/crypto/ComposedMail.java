package org.csirtgateway.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A composed outgoing mail cut where protection applies (RFC 3156, RFC 8551): the routing headers (From, To,
 * Subject, Message-ID, In-Reply-To, Auto-Submitted, ...) stay outside, the content entity (its Content-* headers and
 * body, CRLF) is what is signed or encrypted.
 *
 * @param outerHeaders the routing header lines, each ending in CRLF, without MIME-Version
 * @param entity       the content entity, with a Content-Type even when the mail had none
 */
record ComposedMail(String outerHeaders, byte[] entity) {

    private static final Set<String> CONTENT_HEADERS = Set.of("content-type", "content-transfer-encoding",
            "content-disposition", "content-description", "content-id");

    /**
     * The entity as a {@code multipart/signed} first part carries it: without its final line break, which belongs to
     * the boundary line after it (RFC 2046).
     */
    byte[] signedPart() {
        int end = entity.length;
        if (end >= 2 && entity[end - 2] == '\r' && entity[end - 1] == '\n') {
            end -= 2;
        }
        return RawMime.slice(entity, 0, end);
    }

    static ComposedMail of(byte[] mime) {
        RawMime.Entity message = RawMime.parse(RawMime.canonicalLineEndings(mime));
        StringBuilder outer = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (RawMime.HeaderField field : message.fields()) {
            String name = field.name().toLowerCase(Locale.ROOT);
            if (CONTENT_HEADERS.contains(name)) {
                content.append(field.raw()).append("\r\n");
            } else if (!name.equals("mime-version")) {
                outer.append(field.raw()).append("\r\n");
            }
        }
        if (content.indexOf("Content-Type") < 0 && content.indexOf("content-type") < 0) {
            content.insert(0, "Content-Type: text/plain; charset=us-ascii\r\n");
        }
        return new ComposedMail(outer.toString(), RawMime.concat(
                content.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), message.body()));
    }
}
