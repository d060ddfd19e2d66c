package org.csirtgateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.testing.ExampleProfile;
import org.csirtgateway.testing.GpgSigningPeer;
import org.csirtgateway.testing.Rfc9116;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** security.txt clear-signed by our code, verified by a real OpenPGP peer (GnuPG) with a key GnuPG made. */
class ClearSignerTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    static Path dir;
    private static GpgSigningPeer gpg;

    /** One key for the class: GnuPG takes seconds to make one. */
    @BeforeAll
    static void makeKey() {
        assumeTrue(GpgSigningPeer.installed(), "gpg is not installed (apt package gnupg)");
        gpg = new GpgSigningPeer(dir.resolve("g"));
        gpg.generateSigningKey("Example CSIRT <csirt@example.org>", PASSPHRASE);
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void aClearSignedSecurityTxtVerifiesWithGpgAndStillValidates() throws IOException {
        Path key = gpg.exportSecretKey(dir.resolve("team-secret.asc"), PASSPHRASE);
        ClearSigner signer = ClearSigner.load(key, PASSPHRASE.toCharArray());
        TeamProfile profile = new TeamProfileLoader(new TeamIdentity("x", "x@example.org"))
                .load(ProfileFile.read(ExampleProfile.path()));
        Instant now = Instant.now();
        String signed = signer.sign(new SecurityTxt(profile).render(now, "http://127.0.0.1:8081", true));

        assertThat(signed).startsWith("-----BEGIN PGP SIGNED MESSAGE-----");
        assertThat(Rfc9116.problems(signed, now)).isEmpty();
        GpgSigningPeer.Result verified = gpg.verify(signed);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good signature");

        String tampered = signed.replace("Contact: mailto:csirt@example.org", "Contact: mailto:evil@example.org");
        assertThat(gpg.verify(tampered).exitCode()).isNotZero();
    }

    @Test
    void aWrongPassphraseStopsStartUpWithoutRevealingIt() throws IOException {
        Path key = gpg.exportSecretKey(dir.resolve("team-secret.asc"), PASSPHRASE);
        assertThatThrownBy(() -> ClearSigner.load(key, "wrong passphrase!".toCharArray()))
                .hasMessageContaining("cannot unlock the secret key in " + key)
                .hasMessageNotContaining("wrong passphrase!");
    }

    @Test
    void aPublicKeyFileIsNotASigningKey() throws IOException {
        Path pub = gpg.exportPublicKey(dir.resolve("team-public.asc"));
        assertThat(Files.readString(pub, StandardCharsets.US_ASCII)).contains("PUBLIC KEY");
        assertThatThrownBy(() -> ClearSigner.load(pub, PASSPHRASE.toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
