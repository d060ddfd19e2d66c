package org.csirtgateway.crypto;

import java.util.List;
import org.csirtgateway.reason.Finding;

/**
 * What the gateway found out about one message's OpenPGP protection: whether it was encrypted and could be read, and
 * whether it was signed and by whom. Shown to analysts as is, so every text says exactly what is known.
 *
 * @param encryption       none | decrypted | failed
 * @param encryptionDetail with which team key it was decrypted, or why it could not be; {@link Finding#NONE} for none
 * @param signature        none | good | bad | unknown-key | expired | revoked
 * @param signerFingerprint the signing certificate's fingerprint (hex, upper case), or null
 * @param signerUserId     the signer's primary user ID, or null
 * @param signatureDetail  who signed and what the check found; {@link Finding#NONE} for none
 * @param signedAt         when the signature says it was made, or null
 */
public record CryptoStatus(String encryption, Finding encryptionDetail, String signature, String signerFingerprint,
                           String signerUserId, Finding signatureDetail, java.time.Instant signedAt) {

    public static final String NONE = "none";
    public static final String DECRYPTED = "decrypted";
    public static final String FAILED = "failed";
    public static final String GOOD = "good";
    public static final String BAD = "bad";
    public static final String UNKNOWN_KEY = "unknown-key";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";

    public static final CryptoStatus PLAIN = new CryptoStatus(NONE, Finding.NONE, NONE, null, null, Finding.NONE,
            null);

    /** Signature results in order of how much an analyst must see them: a bad signature outranks everything. */
    private static final List<String> SIGNATURE_WEIGHT = List.of(NONE, GOOD, UNKNOWN_KEY, EXPIRED, REVOKED, BAD);
    private static final List<String> ENCRYPTION_WEIGHT = List.of(NONE, DECRYPTED, FAILED);

    public CryptoStatus {
        encryptionDetail = encryptionDetail == null ? Finding.NONE : encryptionDetail;
        signatureDetail = signatureDetail == null ? Finding.NONE : signatureDetail;
    }

    public boolean wasEncrypted() {
        return !encryption.equals(NONE);
    }

    public CryptoStatus withEncryption(String state, Finding detail) {
        return new CryptoStatus(state, detail, signature, signerFingerprint, signerUserId, signatureDetail, signedAt);
    }

    public CryptoStatus withSignature(SignatureResult result) {
        return new CryptoStatus(encryption, encryptionDetail, result.state(), result.fingerprint(), result.userId(),
                result.detail(), result.created());
    }

    /** Combines the findings of two protected parts of one message: the more alarming of each wins. */
    public CryptoStatus merge(CryptoStatus other) {
        CryptoStatus encryptionSide = ENCRYPTION_WEIGHT.indexOf(other.encryption) > ENCRYPTION_WEIGHT.indexOf(encryption)
                ? other : this;
        CryptoStatus signatureSide = SIGNATURE_WEIGHT.indexOf(other.signature) > SIGNATURE_WEIGHT.indexOf(signature)
                ? other : this;
        return new CryptoStatus(encryptionSide.encryption, encryptionSide.encryptionDetail, signatureSide.signature,
                signatureSide.signerFingerprint, signatureSide.signerUserId, signatureSide.signatureDetail,
                signatureSide.signedAt);
    }

    /** One signature check's outcome. */
    public record SignatureResult(String state, String fingerprint, String userId, Finding detail,
                                  java.time.Instant created) {
        public static final SignatureResult NONE_FOUND = new SignatureResult(NONE, null, null, Finding.NONE);

        /** A result without the signature's creation time (none was read). */
        public SignatureResult(String state, String fingerprint, String userId, Finding detail) {
            this(state, fingerprint, userId, detail, null);
        }

        /** A signature that could not be checked at all (no readable signature), for the reason {@code code}. */
        static SignatureResult unreadable(String code) {
            return new SignatureResult(BAD, null, null, Finding.of(code));
        }
    }
}
