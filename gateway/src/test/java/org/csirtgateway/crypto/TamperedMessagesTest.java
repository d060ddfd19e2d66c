package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPUtil;
import org.csirtgateway.testing.Gpg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted reports altered on the way: whatever byte of the encrypted data was changed, the analyst reads the same
 * reason, "integrity check failed", never a decompressor's or Bouncy Castle's words, and never the altered content.
 */
class TamperedMessagesTest {

    private static final String TEAM = "CSIRT 25519 <csirt@example.org>";

    @TempDir
    static Path dir;
    private static Gpg gpg;
    private static TeamKeys team;

    @BeforeAll
    static void makeKeysWithGnuPG() throws IOException {
        assumeTrue(Gpg.available(), "gpg is not installed (.ci/run installs gnupg)");
        gpg = Gpg.in(dir);
        gpg.generateKey(TEAM, "25519");
        team = TeamKeys.load(List.of(Files.writeString(dir.resolve("team.asc"), gpg.exportSecret(TEAM))),
                new char[0]);
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void anyByteOfTheEncryptedDataAlteredGivesTheSameIntegrityReason() throws Exception {
        String report = "Incident report: " + "the attacker used 203.0.113.5 to log in. ".repeat(40);
        byte[] binary = PGPUtil.getDecoderStream(new ByteArrayInputStream(gpg.encrypt(
                report.getBytes(StandardCharsets.UTF_8), TEAM, null))).readAllBytes();
        PgpMessages messages = new PgpMessages(team, CertificateSource.NONE, PgpLimits.DEFAULT);
        assertThat(messages.open(armored(binary)).readable()).isTrue();

        Set<String> reasons = new LinkedHashSet<>();
        int dataStart = 16; // past the packet headers, key ID and algorithm: the encrypted session key and data
        for (int at = dataStart; at < binary.length; at += Math.max(1, (binary.length - dataStart) / 20)) {
            byte[] altered = binary.clone();
            altered[at] ^= 0x5A;
            PgpMessages.Opened opened = messages.open(armored(altered));
            assertThat(opened.readable()).as("altered at byte %d", at).isFalse();
            reasons.add(opened.detail().code());
        }

        assertThat(reasons).containsExactly("integrity-failed");
    }

    private static byte[] armored(byte[] binary) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
            armor.write(binary);
        }
        return out.toByteArray();
    }
}
