package org.csirtgateway.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;

/** Loads the team keys named in the configuration; errors name the key, never the passphrase. */
public final class TeamKeyLoader {

    private TeamKeyLoader() {
    }

    public static TeamKeys load(GatewayConfig.Pgp pgp) {
        if (pgp.secretKeys().isEmpty()) {
            return TeamKeys.none();
        }
        char[] passphrase = passphrase(pgp);
        try {
            TeamKeys keys = TeamKeys.load(pgp.secretKeys(), passphrase);
            var signer = keys.signingKey().orElseThrow();
            if (signer.getSigningKeys().isEmpty()) {
                throw new ConfigException("Key 'pgp.secretKeys': the first key ("
                        + Fingerprints.hex(signer.getFingerprint()) + ", which signs outgoing mail) has no valid "
                        + "signing key (expired or revoked?); list a key that can sign first");
            }
            return keys;
        } catch (TeamKeys.KeyException e) {
            throw new ConfigException("Key 'pgp.secretKeys': " + e.getMessage(), e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static char[] passphrase(GatewayConfig.Pgp pgp) {
        if (pgp.passphraseFile() != null) {
            try {
                String text = Files.readString(pgp.passphraseFile(), StandardCharsets.UTF_8);
                return text.replaceFirst("\\r?\\n$", "").toCharArray();
            } catch (IOException e) {
                throw new ConfigException("Key 'pgp.passphraseFile': cannot read " + pgp.passphraseFile() + " ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        return pgp.passphrase().toCharArray();
    }
}
