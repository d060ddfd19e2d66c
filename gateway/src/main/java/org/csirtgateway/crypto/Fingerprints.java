package org.csirtgateway.crypto;

import java.util.List;
import java.util.Locale;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.util.encoders.Hex;

/** How fingerprints, key IDs and user IDs are written for people. */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String hex(byte[] fingerprint) {
        return Hex.toHexString(fingerprint).toUpperCase(Locale.ROOT);
    }

    /** "0x" + the 16 hex digits of the key ID (or the fingerprint for a wildcard-free v6 identifier). */
    public static String keyId(KeyIdentifier id) {
        if (id.isWildcard()) {
            return "(anonymous recipient)";
        }
        if (id.getFingerprint() != null) {
            return hex(id.getFingerprint());
        }
        return "0x" + String.format("%016X", id.getKeyId());
    }

    /** The primary user ID, or the first one, or "(no user ID)". */
    public static String userId(OpenPGPCertificate certificate) {
        OpenPGPCertificate.OpenPGPUserId primary = null;
        try {
            primary = certificate.getPrimaryUserId();
        } catch (RuntimeException ignored) {
            // a certificate without a valid binding still shows its first user ID below
        }
        if (primary != null) {
            return primary.getUserId();
        }
        List<OpenPGPCertificate.OpenPGPUserId> all = certificate.getAllUserIds();
        return all.isEmpty() ? "(no user ID)" : all.get(0).getUserId();
    }
}
