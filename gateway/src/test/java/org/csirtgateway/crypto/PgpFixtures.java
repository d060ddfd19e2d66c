package org.csirtgateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;

/** The committed fixtures made by GnuPG with make-fixtures.sh (see that script for what each file is). */
public final class PgpFixtures {

    private PgpFixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(PgpFixtures.class.getResource("/pgp/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    public static byte[] bytes(String name) {
        try (InputStream in = PgpFixtures.class.getResourceAsStream("/pgp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static char[] passphrase() {
        return text("team.passphrase").toCharArray();
    }

    /** Both team keys, RSA first (it signs). */
    public static TeamKeys teamKeys() {
        return TeamKeys.load(List.of(path("team-rsa.sec.asc"), path("team-25519.sec.asc")), passphrase());
    }

    public static OpenPGPCertificate certificate(String name) {
        try {
            return new OpenPGPKeyReader().parseCertificate(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A certificate source that knows exactly the given certificates. */
    public static CertificateSource knowing(OpenPGPCertificate... known) {
        return (KeyIdentifier id) -> {
            for (OpenPGPCertificate certificate : known) {
                if (certificate.getKey(id) != null) {
                    return Optional.of(certificate);
                }
            }
            return Optional.empty();
        };
    }
}
