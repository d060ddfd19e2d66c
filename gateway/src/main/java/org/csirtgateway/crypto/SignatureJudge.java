package org.csirtgateway.crypto;

import java.util.Date;
import java.util.List;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.csirtgateway.crypto.CryptoStatus.SignatureResult;
import org.csirtgateway.reason.Finding;

/** Turns Bouncy Castle's verified document signatures into what an analyst reads: good / bad / unknown key / .... */
final class SignatureJudge {

    private SignatureJudge() {
    }

    /**
     * @param found     the signature packets present in the data (also those whose key is unknown)
     * @param processed what Bouncy Castle verified (only signatures whose certificate it had)
     */
    static SignatureResult judge(List<PGPSignature> found, List<OpenPGPDocumentSignature> processed) {
        SignatureResult best = null;
        for (OpenPGPDocumentSignature signature : processed) {
            SignatureResult result = judge(signature);
            if (best == null || rank(result) < rank(best)) {
                best = result;
            }
        }
        if (best != null) {
            return best;
        }
        if (found.isEmpty()) {
            return SignatureResult.NONE_FOUND;
        }
        KeyIdentifier issuer = issuerOf(found.get(0));
        return new SignatureResult(CryptoStatus.UNKNOWN_KEY, null, null, issuer == null
                ? Finding.of("unknown-key-unnamed") : Finding.of("unknown-key", Fingerprints.keyId(issuer)));
    }

    static SignatureResult judge(OpenPGPDocumentSignature signature) {
        SignatureResult result = judgeWithoutTime(signature);
        java.util.Date created = signature.getCreationTime();
        return created == null ? result : new SignatureResult(result.state(), result.fingerprint(), result.userId(),
                result.detail(), created.toInstant());
    }

    private static SignatureResult judgeWithoutTime(OpenPGPDocumentSignature signature) {
        OpenPGPCertificate certificate = signature.getIssuerCertificate();
        if (signature.getIssuer() == null || certificate == null) {
            KeyIdentifier issuer = signature.getKeyIdentifier();
            return new SignatureResult(CryptoStatus.UNKNOWN_KEY, null, null, issuer == null
                    ? Finding.of("unknown-key-unnamed") : Finding.of("unknown-key", Fingerprints.keyId(issuer)));
        }
        String fingerprint = Fingerprints.hex(certificate.getFingerprint());
        String userId = Fingerprints.userId(certificate);
        if (!signature.isTestedCorrect()) {
            return new SignatureResult(CryptoStatus.BAD, fingerprint, userId, Finding.of("bad", userId, fingerprint));
        }
        if (certificate.getRevocation() != null || certificate.getPrimaryKey().getRevocation() != null) {
            return new SignatureResult(CryptoStatus.REVOKED, fingerprint, userId,
                    Finding.of("revoked", userId, fingerprint));
        }
        Date expires = certificate.getExpirationTime();
        if (expires != null && expires.before(new Date())) {
            return new SignatureResult(CryptoStatus.EXPIRED, fingerprint, userId,
                    Finding.of("expired", userId, fingerprint, expires.toInstant()));
        }
        boolean valid;
        try {
            valid = signature.isValid();
        } catch (PGPException | RuntimeException e) {
            valid = false; // Bouncy Castle's reason is not shown: what the analyst needs is that it is not valid
        }
        if (!valid) {
            return new SignatureResult(CryptoStatus.BAD, fingerprint, userId,
                    Finding.of("key-not-valid-for-signing", userId, fingerprint));
        }
        return new SignatureResult(CryptoStatus.GOOD, fingerprint, userId, Finding.of("good", userId, fingerprint));
    }

    static KeyIdentifier issuerOf(PGPSignature signature) {
        List<KeyIdentifier> ids = signature.getKeyIdentifiers();
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        for (KeyIdentifier id : ids) {
            if (id.getFingerprint() != null) {
                return id;
            }
        }
        return ids.get(0);
    }

    private static int rank(SignatureResult result) {
        return switch (result.state()) {
            case CryptoStatus.BAD -> 0;
            case CryptoStatus.REVOKED -> 1;
            case CryptoStatus.EXPIRED -> 2;
            case CryptoStatus.GOOD -> 3;
            default -> 4;
        };
    }
}
