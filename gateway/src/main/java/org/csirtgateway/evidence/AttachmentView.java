package org.csirtgateway.evidence;

/**
 * An attachment as listed on a ticket (its content is in the attachment store when {@code stored}).
 *
 * @param evidencePosition 0 for the report itself, else the forwarded message it belongs to
 * @param filename         decoded and sanitised, reporter-controlled; may be empty
 */
public record AttachmentView(int evidencePosition, String filename, String declaredType, String detectedType,
                             long sizeBytes, String sha256, boolean stored) {

    /** A name for display and download: the file name, or one made from the hash. */
    public String displayName() {
        return filename == null || filename.isBlank() ? "attachment-" + sha256.substring(0, 12) : filename;
    }
}
