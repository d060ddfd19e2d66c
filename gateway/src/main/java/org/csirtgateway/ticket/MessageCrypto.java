package org.csirtgateway.ticket;

/**
 * The OpenPGP status of one message as the crypto stage recorded it.
 *
 * @param encryption        none | decrypted | failed
 * @param encryptionDetail  with which team key, or exactly why it could not be decrypted
 * @param signature         none | good | bad | unknown-key | expired | revoked
 * @param signerFingerprint the signing certificate's fingerprint, or null
 * @param signerUserId      the signer's user ID (reporter-controlled text), or null
 * @param signatureDetail   readable text
 */
public record MessageCrypto(String encryption, String encryptionDetail, String signature, String signerFingerprint,
                            String signerUserId, String signatureDetail) {

    /** Messages taken in before the crypto stage existed. */
    public static final MessageCrypto NOT_CHECKED = new MessageCrypto("none", "", "none", null, null, "");

    public boolean encrypted() {
        return !"none".equals(encryption);
    }

    public boolean signed() {
        return !"none".equals(signature);
    }
}
