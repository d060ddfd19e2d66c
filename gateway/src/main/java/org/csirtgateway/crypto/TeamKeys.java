package org.csirtgateway.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * The team's own OpenPGP keys. All of them decrypt (so reports encrypted to a key before a rotation still open); the
 * first one signs outgoing mail.
 *
 * <p>Keys are unlocked once at start: the passphrase is used to strip the protection of an in-memory copy and then
 * dropped, so no message pays for the (deliberately slow) passphrase derivation and the passphrase is never kept.
 *
 * <p>Keys are shared by all threads that decrypt: their signatures are checked once here (see
 * {@link SettledCertificates}), so that using them afterwards only reads.
 */
public final class TeamKeys {

    private final List<OpenPGPKey> keys;
    private final List<OpenPGPCertificate> certificates;
    private final List<Set<Integer>> encryptionAlgorithms;

    private TeamKeys(List<OpenPGPKey> keys) {
        this.keys = keys.stream().map(SettledCertificates::settle).toList();
        // Made once: a certificate evaluates its binding signatures, which no message should pay for again.
        this.certificates = this.keys.stream().map(OpenPGPKey::toCertificate).map(SettledCertificates::settle).toList();
        this.encryptionAlgorithms = this.keys.stream()
                .map(key -> key.getEncryptionKeys().stream().map(OpenPGPCertificate.OpenPGPComponentKey::getAlgorithm)
                        .collect(Collectors.toUnmodifiableSet()))
                .toList();
    }

    public static TeamKeys none() {
        return new TeamKeys(List.of());
    }

    /** Reads armored secret keys from files and unlocks them; errors name the file, never the passphrase. */
    public static TeamKeys load(List<Path> files, char[] passphrase) {
        List<OpenPGPKey> loaded = new ArrayList<>();
        for (Path file : files) {
            List<OpenPGPKey> inFile;
            try {
                inFile = new OpenPGPKeyReader().parseKeys(Files.readAllBytes(file));
            } catch (IOException | RuntimeException e) {
                throw new KeyException("Cannot read an OpenPGP secret key from " + file + ": " + e.getMessage(), e);
            }
            if (inFile.isEmpty()) {
                throw new KeyException("No OpenPGP secret key in " + file + " (an exported public key is not enough)", null);
            }
            for (OpenPGPKey key : inFile) {
                loaded.add(unlock(key, passphrase, file));
            }
        }
        return new TeamKeys(loaded);
    }

    /** For keys that are already unlocked (tests, generated keys). */
    public static TeamKeys of(List<OpenPGPKey> keys) {
        return new TeamKeys(keys);
    }

    private static OpenPGPKey unlock(OpenPGPKey key, char[] passphrase, Path file) {
        PBESecretKeyDecryptor decryptor = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(passphrase == null ? new char[0] : passphrase);
        List<PGPSecretKey> open = new ArrayList<>();
        for (PGPSecretKey secret : key.getPGPSecretKeyRing()) {
            if (secret.isPrivateKeyEmpty() || secret.getS2KUsage() == 0) {
                open.add(secret);
                continue;
            }
            try {
                open.add(PGPSecretKey.copyWithNewPassword(secret, decryptor, null));
            } catch (PGPException e) {
                throw new KeyException("Cannot unlock the key " + Fingerprints.hex(key.getFingerprint()) + " in "
                        + file + ": wrong passphrase (set pgp.passphraseFile or CSIRT_PGP_PASSPHRASE)", null);
            }
        }
        return new OpenPGPKey(new PGPSecretKeyRing(open));
    }

    public List<OpenPGPKey> all() {
        return keys;
    }

    /**
     * The keys that may open a session key encrypted to a hidden recipient (a wildcard key ID) with one of
     * {@code algorithms}: those with an encryption key of such an algorithm, in the configured order. A message to a
     * hidden recipient names no key, so each of these has to be tried.
     */
    public List<OpenPGPKey> forHiddenRecipient(Set<Integer> algorithms) {
        List<OpenPGPKey> candidates = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (encryptionAlgorithms.get(i).stream().anyMatch(algorithms::contains)) {
                candidates.add(keys.get(i));
            }
        }
        return candidates;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key that signs outgoing mail: the first configured. */
    public Optional<OpenPGPKey> signingKey() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
    }

    /** The public certificates, e.g. to verify the team's own signatures or to publish. */
    public List<OpenPGPCertificate> certificates() {
        return certificates;
    }

    /** All public keys, armored, for publishing (WKD, the web site, key servers). */
    public String armoredPublicKeys() {
        StringBuilder out = new StringBuilder();
        for (OpenPGPCertificate certificate : certificates()) {
            try {
                out.append(certificate.toAsciiArmoredString());
            } catch (IOException e) {
                throw new KeyException("Cannot armor key " + Fingerprints.hex(certificate.getFingerprint()), e);
            }
            if (out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** A key problem at start or import; the message names the file or fingerprint, never a secret. */
    public static final class KeyException extends RuntimeException {
        public KeyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
