package org.csirtgateway.crypto;

/**
 * Bounds on what one message's OpenPGP data may cost, as named immutable presets. Exceeding one is reported as a
 * decryption failure that names the limit and its value; the raw original is kept either way.
 *
 * @param maxDecryptedBytes the most bytes decrypted (and decompressed) data may grow to: stops decompression bombs
 * @param maxNesting        how deeply encrypted and signed layers (PGP/MIME inside PGP/MIME) are unwrapped
 * @param maxInlineBlocks   how many inline armored blocks and encrypted attachments of one message are processed
 */
public record PgpLimits(long maxDecryptedBytes, int maxNesting, int maxInlineBlocks) {

    /** For reports: 32 MiB of plaintext is far more than any report, far less than a bomb expands to. */
    public static final PgpLimits DEFAULT = new PgpLimits(32L * 1024 * 1024, 4, 20);

    public PgpLimits {
        if (maxDecryptedBytes <= 0 || maxNesting <= 0 || maxInlineBlocks <= 0) {
            throw new IllegalArgumentException("PGP limits must be positive");
        }
    }
}
