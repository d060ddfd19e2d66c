package org.csirtgateway.crypto;

import org.bouncycastle.openpgp.PGPSignatureException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;

/**
 * Checks every self-signature of a key or certificate once, before it is shared between threads.
 *
 * <p>Bouncy Castle's {@link OpenPGPCertificate} checks its binding signatures lazily, on first use, and keeps the
 * outcome in the signature object itself: it marks a signature tested before it has computed whether the signature is
 * correct, and it feeds the signature's data through one verifier held by that shared signature. Two threads that use
 * a fresh key at once (the first batch after start decrypts on every core) can therefore see a correct binding as
 * wrong, and the key then stops being an encryption key for good: valid messages fail to decrypt. Checked once on one
 * thread at load, every later use only reads, so keys can be shared without a lock.
 */
final class SettledCertificates {

    private SettledCertificates() {
    }

    /** Checks every signature chain of every component (keys, user IDs) now; returns {@code certificate}. */
    static <C extends OpenPGPCertificate> C settle(C certificate) {
        for (OpenPGPCertificate.OpenPGPCertificateComponent component : certificate.getComponents()) {
            settle(component);
        }
        for (OpenPGPCertificate.OpenPGPComponentKey key : certificate.getPublicKeys().values()) {
            settle(key);
        }
        for (OpenPGPCertificate.OpenPGPIdentityComponent identity : certificate.getIdentities()) {
            settle(identity);
        }
        // The questions decryption and verification ask later, so that they are answered once here first.
        certificate.getEncryptionKeys();
        certificate.getSigningKeys();
        certificate.getPrimaryUserId();
        return certificate;
    }

    private static void settle(OpenPGPCertificate.OpenPGPCertificateComponent component) {
        for (OpenPGPCertificate.OpenPGPSignatureChain chain : component.getSignatureChains()) {
            try {
                chain.isValid();
            } catch (PGPSignatureException | RuntimeException e) {
                // an invalid chain stays invalid: its outcome is recorded all the same, which is the point here
            }
        }
    }
}
