package org.csirtgateway.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;

import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;

/** Loads the team's S/MIME key stores and trust store named in the configuration; errors name the file. */
public final class SmimeKeyLoader {

    private SmimeKeyLoader() {
    }

    public static SmimeKeys load(GatewayConfig.Smime smime) {
        char[] passphrase = passphrase(smime);
        try {
            var identities = SmimeKeys.loadPkcs12(smime.keyStores(), passphrase);
            if (!smime.keyStores().isEmpty() && identities.isEmpty()) {
                throw new ConfigException("Key 'smime.keyStores': no certificate with its private key in "
                        + smime.keyStores());
            }
            return new SmimeKeys(identities, smime.trustStore() == null ? Set.of()
                    : SmimeKeys.loadAnchors(smime.trustStore()));
        } catch (TeamKeys.KeyException e) {
            throw new ConfigException("Key 'smime.keyStores' or 'smime.trustStore': " + e.getMessage(), e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static char[] passphrase(GatewayConfig.Smime smime) {
        if (smime.passphraseFile() != null) {
            try {
                return Files.readString(smime.passphraseFile(), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "")
                        .toCharArray();
            } catch (IOException e) {
                throw new ConfigException("Key 'smime.passphraseFile': cannot read " + smime.passphraseFile(), e);
            }
        }
        return smime.passphrase().toCharArray();
    }
}
