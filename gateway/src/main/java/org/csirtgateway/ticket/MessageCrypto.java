package org.csirtgateway.ticket;

import org.csirtgateway.reason.Finding;

/**
 * The OpenPGP status of one message as the crypto stage recorded it.
 *
 * @param encryption        none | decrypted | failed
 * @param encryptionDetail  with which team key, or exactly why it could not be decrypted (a reason as data)
 * @param signature         none | good | bad | unknown-key | expired | revoked
 * @param signerFingerprint the signing certificate's fingerprint, or null
 * @param signerUserId      the signer's user ID (reporter-controlled text), or null
 * @param signatureDetail   who signed and what the check found (a reason as data)
 */
public record MessageCrypto(String encryption, Finding encryptionDetail, String signature, String signerFingerprint,
                            String signerUserId, Finding signatureDetail) {

    /** Messages taken in before the crypto stage existed. */
    public static final MessageCrypto NOT_CHECKED = new MessageCrypto("none", Finding.NONE, "none", null, null,
            Finding.NONE);

    public boolean encrypted() {
        return !"none".equals(encryption);
    }

    public boolean signed() {
        return !"none".equals(signature);
    }
}
