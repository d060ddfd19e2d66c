package org.csirtgateway.parse;

import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The hard limits of reading one report, as named immutable presets. A message over {@link #maxMessageBytes},
 * {@link #maxHeaderCount} or {@link #maxHeaderBlockBytes} cannot be read safely and is quarantined with a reason naming
 * the limit ({@link LimitExceededException}); a longer header field than {@link #maxHeaderBytes}, deeper nesting, more
 * parts or larger attachments than allowed are tolerated: the field is cut, the rest stays in the raw original, and a
 * parse warning names the limit.
 *
 * @param name                the preset's name, quoted in messages
 * @param maxMessageBytes     size of the raw message
 * @param maxHeaderCount      header fields in one header block
 * @param maxHeaderBytes      bytes of one header field (folded lines together) kept; a longer field (a recipient list
 *                            of thousands) is cut to this many bytes with a warning naming the field
 * @param maxMimeDepth       nesting of multiparts and forwarded messages followed
 * @param maxParts           MIME parts read per message
 * @param maxAttachmentBytes decoded size of one attachment kept for download and indexing
 * @param maxTextBytes       decoded bytes of one part read as text (the report's own text, a text attachment made
 *                           searchable); the rest stays in the raw original and, for an attachment, in its download.
 *                            Parts are otherwise streamed (hashed, stored) and never held in memory whole.
 * @param maxHeaderBlockBytes bytes of one header block (all fields of the message or of one part together); over it the
 *                            message is quarantined, so a header bomb is never read into memory
 */
public record IntakeLimits(String name, long maxMessageBytes, int maxHeaderCount, int maxHeaderBytes,
                           int maxMimeDepth, int maxParts, long maxAttachmentBytes, int maxTextBytes,
                           int maxHeaderBlockBytes) {

    /** For a CSIRT mailbox: generous for real reports, bounded for hostile ones. */
    public static final IntakeLimits DEFAULT = new IntakeLimits("default", 50L << 20, 1_000, 64 << 10, 20, 1_000,
            25L << 20, 2 << 20, 1 << 20);

    /** For small machines or tests of the limits themselves. */
    public static final IntakeLimits SMALL = new IntakeLimits("small", 5L << 20, 200, 16 << 10, 8, 100, 2L << 20,
            512 << 10, 256 << 10);

    public IntakeLimits {
        if (maxMessageBytes <= 0 || maxHeaderCount <= 0 || maxHeaderBytes <= 0 || maxMimeDepth <= 0 || maxParts <= 0
                || maxAttachmentBytes <= 0 || maxTextBytes <= 0 || maxHeaderBlockBytes <= 0) {
            throw new IllegalArgumentException("Every intake limit must be positive: " + this);
        }
        if (maxHeaderBlockBytes < maxHeaderBytes) {
            throw new IllegalArgumentException("The header block limit must hold at least one whole header field: "
                    + this);
        }
    }

    /** Limits with a header block of 1 MiB, or one header field if that is larger. */
    public IntakeLimits(String name, long maxMessageBytes, int maxHeaderCount, int maxHeaderBytes, int maxMimeDepth,
                        int maxParts, long maxAttachmentBytes, int maxTextBytes) {
        this(name, maxMessageBytes, maxHeaderCount, maxHeaderBytes, maxMimeDepth, maxParts, maxAttachmentBytes,
                maxTextBytes, Math.max(1 << 20, maxHeaderBytes));
    }

    /** Limits with text read up to the attachment limit or 2 MiB, whichever is smaller. */
    public IntakeLimits(String name, long maxMessageBytes, int maxHeaderCount, int maxHeaderBytes, int maxMimeDepth,
                        int maxParts, long maxAttachmentBytes) {
        this(name, maxMessageBytes, maxHeaderCount, maxHeaderBytes, maxMimeDepth, maxParts, maxAttachmentBytes,
                (int) Math.min(maxAttachmentBytes, 2 << 20));
    }

    /**
     * Mime4j's configuration for these limits: lenient about syntax, strict about sizes. Mime4j reads one field up to
     * the whole block's limit (a longer field is cut afterwards, see {@link HeaderLimits}).
     */
    MimeConfig mimeConfig() {
        return MimeConfig.copy(MimeConfig.PERMISSIVE)
                .setMaxHeaderCount(maxHeaderCount)
                .setMaxHeaderLen(maxHeaderBlockBytes)
                .setMaxLineLen(-1)
                .setMaxContentLen(-1)
                .build();
    }

    LimitExceededException exceeded(String limit, long value, String what) {
        return new LimitExceededException(limit, value, name, what);
    }
}
