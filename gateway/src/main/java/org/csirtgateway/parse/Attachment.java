package org.csirtgateway.parse;

/**
 * A file attached to the report or to a forwarded message.
 *
 * @param evidencePosition the forwarded message it belongs to, or 0 for the report itself
 * @param filename         decoded (RFC 2047/2231) and sanitised: no path, no control characters, bounded length
 * @param declaredType     the Content-Type the sender declared
 * @param detectedType     the type its first bytes show
 * @param sizeBytes        decoded size
 * @param sha256           hash of the decoded content (the attachment store's key)
 * @param content          the decoded bytes (in memory, or spooled to a temporary file when large), or null when
 *                         larger than the intake limit (then only in the original)
 * @param text             readable text of a text attachment (.txt, .csv, .log, .eml, text/*), for search, up to
 *                         the intake limit's text bytes; else null
 */
public record Attachment(int evidencePosition, String filename, String declaredType, String detectedType,
                         long sizeBytes, String sha256, AttachmentContent content, String text) {

    public boolean stored() {
        return content != null;
    }
}
