package org.csirtgateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The team's S/MIME identities (certificate and private key, from PKCS#12 files: several, so that reports encrypted
 * to a certificate before a renewal still open) and the trust anchors that reporters' signing certificates are
 * checked against (a PEM bundle of CA certificates the team chooses).
 */
public final class SmimeKeys {

    /** One team certificate with its private key. */
    public record Identity(X509Certificate certificate, PrivateKey key) {
    }

    private final List<Identity> identities;
    private final Set<TrustAnchor> anchors;

    public SmimeKeys(List<Identity> identities, Set<TrustAnchor> anchors) {
        this.identities = List.copyOf(identities);
        this.anchors = Collections.unmodifiableSet(new HashSet<>(anchors));
    }

    public static SmimeKeys none() {
        return new SmimeKeys(List.of(), Set.of());
    }

    public List<Identity> identities() {
        return identities;
    }

    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** Every key entry of PKCS#12 files; errors name the file, never the passphrase. */
    public static List<Identity> loadPkcs12(List<Path> files, char[] passphrase) {
        List<Identity> loaded = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, passphrase);
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate cert) {
                        loaded.add(new Identity(cert, (PrivateKey) store.getKey(alias, passphrase)));
                    }
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new TeamKeys.KeyException("Cannot read the S/MIME key store " + file + " (a PKCS#12 file with "
                        + "the team's certificate and key; check the file and the passphrase)", e);
            }
        }
        return loaded;
    }

    /** The CA certificates of a PEM bundle as trust anchors; errors name the file. */
    public static Set<TrustAnchor> loadAnchors(Path pemBundle) {
        Set<TrustAnchor> anchors = new HashSet<>();
        try (InputStream in = Files.newInputStream(pemBundle)) {
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.add(new TrustAnchor((X509Certificate) certificate, null));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TeamKeys.KeyException("Cannot read the S/MIME trust store " + pemBundle + " (PEM certificates "
                    + "of the CAs whose reporters' certificates are trusted)", e);
        }
        return anchors;
    }
}
