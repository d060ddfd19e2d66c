package org.csirtgateway.crypto;

import java.util.Date;
import java.util.List;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.csirtgateway.crypto.CryptoStatus.SignatureResult;

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
        String id = issuer == null ? "(no issuer in the signature)" : Fingerprints.keyId(issuer);
        return new SignatureResult(CryptoStatus.UNKNOWN_KEY, null, null,
                "Signed by key " + id + ", which the gateway does not know; import the reporter's key to check it");
    }

    static SignatureResult judge(OpenPGPDocumentSignature signature) {
        OpenPGPCertificate certificate = signature.getIssuerCertificate();
        if (signature.getIssuer() == null || certificate == null) {
            KeyIdentifier issuer = signature.getKeyIdentifier();
            return new SignatureResult(CryptoStatus.UNKNOWN_KEY, null, null, "Signed by key "
                    + (issuer == null ? "(unnamed)" : Fingerprints.keyId(issuer)) + ", which the gateway does not know");
        }
        String fingerprint = Fingerprints.hex(certificate.getFingerprint());
        String userId = Fingerprints.userId(certificate);
        if (!signature.isTestedCorrect()) {
            return new SignatureResult(CryptoStatus.BAD, fingerprint, userId,
                    "BAD signature claiming to be from " + userId + " (" + fingerprint
                            + "): the signed content was changed or the signature is forged");
        }
        if (certificate.getRevocation() != null || certificate.getPrimaryKey().getRevocation() != null) {
            return new SignatureResult(CryptoStatus.REVOKED, fingerprint, userId,
                    "Correct signature by " + userId + " (" + fingerprint + "), but the key is revoked");
        }
        Date expires = certificate.getExpirationTime();
        if (expires != null && expires.before(new Date())) {
            return new SignatureResult(CryptoStatus.EXPIRED, fingerprint, userId,
                    "Correct signature by " + userId + " (" + fingerprint + "), but the key expired on " + expires
                            .toInstant());
        }
        String problem;
        try {
            problem = signature.isValid() ? null : "the signing key was not valid for signing when it signed";
        } catch (PGPException | RuntimeException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            return new SignatureResult(CryptoStatus.BAD, fingerprint, userId,
                    "Signature by " + userId + " (" + fingerprint + ") is not valid: " + problem);
        }
        return new SignatureResult(CryptoStatus.GOOD, fingerprint, userId,
                "Good signature from " + userId + " (" + fingerprint + ")");
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
