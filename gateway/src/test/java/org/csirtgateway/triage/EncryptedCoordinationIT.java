package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.crypto.CryptoStatus;
import org.csirtgateway.crypto.PgpFixtures;
import org.csirtgateway.crypto.PgpLimits;
import org.csirtgateway.crypto.PgpMessages;
import org.csirtgateway.crypto.PgpUnwrapper;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.ExampleProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forward to a partner team carries someone's report: when the team profile names the partner's key, the forward
 * leaves signed and encrypted to it, and only the partner can read it. Without a team key to sign with, it does not
 * leave at all.
 */
class EncryptedCoordinationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PARTNER = "abuse@isp.example";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;
    @TempDir
    Path profileDir;

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    private Gateway gateway;

    @Test
    void aForwardToAPartnerWithAKeyIsSignedAndEncryptedSoOnlyThePartnerReadsIt() throws Exception {
        start(true);
        String ticketId = reportBruteForceFromThePartnersNetwork();

        gateway.coordination().coordinate(ticketId, null, "alice");

        MimeMessage received = running.awaitMailTo(PARTNER);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        received.writeTo(raw);
        String wire = raw.toString(StandardCharsets.UTF_8);
        assertThat(received.getContentType()).startsWith("multipart/encrypted");
        assertThat(wire).as("nothing of the report in clear").doesNotContain("203.0.113.77")
                .doesNotContain("4000 an hour");

        PgpUnwrapper.Unwrapped atThePartner = new PgpUnwrapper(new PgpMessages(
                TeamKeys.load(List.of(PgpFixtures.path("reporter.sec.asc")), new char[0]),
                PgpFixtures.knowing(PgpFixtures.certificate("team-rsa.pub.asc")), PgpLimits.DEFAULT))
                .unwrap(raw.toByteArray());
        assertThat(atThePartner.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(atThePartner.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(new String(atThePartner.mime(), StandardCharsets.UTF_8)).contains("203.0.113.77")
                .contains(ticketId);
    }

    @Test
    void aForwardThatMustBeEncryptedIsRefusedWhenTheTeamHasNoKeyToSignWith() {
        start(false);
        String ticketId = reportBruteForceFromThePartnersNetwork();

        assertThatThrownBy(() -> gateway.coordination().coordinate(ticketId, null, "alice"))
                .isInstanceOf(CoordinationService.CoordinationException.class)
                .hasMessageContaining("must be encrypted to the partner's key")
                .hasMessageContaining("pgp.secretKeys");
        assertThat(gateway.coordination().triage(ticketId).orElseThrow().forwards()).isEmpty();
    }

    private void start(boolean withTeamKey) {
        try {
            Files.copy(PgpFixtures.path("reporter.pub.asc"), profileDir.resolve("isp.asc"));
            Files.writeString(profileDir.resolve("passphrase"), new String(PgpFixtures.passphrase()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String profile = ExampleProfile.text().replace("    address: abuse@isp.example\n",
                "    address: abuse@isp.example\n    publicKey: isp.asc\n");
        assertThat(profile).contains("publicKey: isp.asc");
        Map<String, String> values = new java.util.HashMap<>();
        values.put("profile.file", ExampleProfile.write(profileDir, profile).toString());
        if (withTeamKey) {
            values.put("pgp.secretKeys", PgpFixtures.path("team-rsa.sec.asc").toString());
            values.put("pgp.passphraseFile", profileDir.resolve("passphrase").toString());
        }
        gateway = running.start(dataDir, values);
    }

    private String reportBruteForceFromThePartnersNetwork() {
        running.report("soc@bank.example", "Brute force against our VPN", "Brute force login attempts from 203.0.113.77 (about 4000 an hour).",
                "bf-enc@bank.example", Map.of());
        return Eventually.await("the triaged ticket", WAIT, () -> gateway.tickets().list(10, 0).tickets().stream()
                .map(hit -> hit.ticket().id())
                .filter(id -> gateway.coordination().triage(id).map(TriageView::coordinationSuggested).orElse(false))
                .findFirst().orElse(null));
    }
}
