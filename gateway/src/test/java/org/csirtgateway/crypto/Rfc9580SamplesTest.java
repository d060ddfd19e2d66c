package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.testing.PgpMails;
import org.junit.jupiter.api.Test;

/** RFC 9580 version 6 keys and messages: the RFC's own Appendix A samples decrypt and verify. */
class Rfc9580SamplesTest {

    private static final String V6_FINGERPRINT = "CB186C4F0609A697E4D52DFA6C722B0C1F1E27C18A56708F6525EC27BAD9ACC9";

    private final TeamKeys v6Team = TeamKeys.load(List.of(PgpFixtures.path("rfc9580/a4-v6-secret-key.asc")),
            new char[0]);
    private final OpenPGPCertificate v6Certificate = PgpFixtures.certificate("rfc9580/a3-v6-certificate.asc");
    private final PgpMessages messages = new PgpMessages(v6Team, PgpFixtures.knowing(v6Certificate),
            PgpLimits.DEFAULT);

    @Test
    void sampleV6SecretKeyLoadsAsATeamKeyWithTheFingerprintTheRfcStates() {
        assertThat(Fingerprints.hex(v6Team.certificates().get(0).getFingerprint())).isEqualTo(V6_FINGERPRINT);
        assertThat(Fingerprints.hex(v6Certificate.getFingerprint())).isEqualTo(V6_FINGERPRINT);
    }

    @Test
    void sampleX25519AeadOcbMessageDecrypts() {
        PgpMessages.Opened opened = messages.open(PgpFixtures.bytes("rfc9580/a8-x25519-aead-ocb.asc"));

        assertThat(opened.encryption()).as(opened.detail().toString()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(opened.detail().code()).isEqualTo("decrypted-aead");
        assertThat(opened.detail().param(0)).isEqualTo(V6_FINGERPRINT);
        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo("Hello, world!");
    }

    @Test
    void sampleV6MessageInPgpMimeBecomesAReadableReport() throws Exception {
        byte[] raw = PgpMails.encryptedEnvelope(PgpMails.headers("v6 <v6@example.net>", "csirt@example.org",
                "v6 report", "v6-1@example.net"), PgpFixtures.text("rfc9580/a8-x25519-aead-ocb.asc"));

        PgpUnwrapper.Unwrapped unwrapped = new PgpUnwrapper(messages).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(new ReportParser().parse(new ByteArrayInputStream(unwrapped.mime())).bodyText())
                .isEqualTo("Hello, world!");
    }

    @Test
    void sampleCleartextSignedMessageVerifiesWithTheV6Certificate() throws Exception {
        byte[] raw = (PgpMails.headers("v6 <v6@example.net>", "csirt@example.org", "groceries", "v6-2@example.net")
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + PgpMails.crlf(PgpFixtures.text("rfc9580/a6-cleartext-signed.asc"))).getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = new PgpUnwrapper(messages).unwrap(raw);

        assertThat(unwrapped.status().signature()).as(unwrapped.status().signatureDetail().toString())
                .isEqualTo(CryptoStatus.GOOD);
        assertThat(unwrapped.status().signerFingerprint()).isEqualTo(V6_FINGERPRINT);
        assertThat(new ReportParser().parse(new ByteArrayInputStream(unwrapped.mime())).bodyText())
                .contains("- tofu").doesNotContain("- - tofu").doesNotContain("BEGIN PGP");
    }

    @Test
    void sampleInlineSignedMessageVerifiesWithTheV6Certificate() {
        PgpMessages.Opened opened = messages.open(PgpFixtures.bytes("rfc9580/a7-inline-signed.asc"));

        assertThat(opened.encryption()).isEqualTo(CryptoStatus.NONE);
        assertThat(opened.signature().state()).as(opened.signature().detail().toString()).isEqualTo(CryptoStatus.GOOD);
        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).contains("- noodles");
    }

    @Test
    void replyToAV6ReporterIsEncryptedToTheV6KeyAndReadableByItsOwner() {
        TeamKeys team = PgpFixtures.teamKeys();
        byte[] ack = ("From: csirt@example.org\r\nTo: v6@example.net\r\nSubject: [CSIRT#2026-000001] received\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\nThank you for your report.\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        byte[] protectedAck = new MailProtector(team).protect(ack, Optional.of(v6Certificate));

        RawMime.Entity top = RawMime.parse(protectedAck);
        assertThat(top.contentType().mimeType()).isEqualTo("multipart/encrypted");
        byte[] encrypted = RawMime.parse(RawMime.parts(top.body(), top.contentType().boundary()).get(1)).body();
        PgpMessages reporterSide = new PgpMessages(v6Team, PgpFixtures.knowing(team.certificates().get(0)),
                PgpLimits.DEFAULT);
        PgpMessages.Opened opened = reporterSide.open(encrypted);
        assertThat(opened.encryption()).as(opened.detail().toString()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(opened.signature().state()).as(opened.signature().detail().toString()).isEqualTo(CryptoStatus.GOOD);
        assertThat(new String(opened.plaintext(), StandardCharsets.US_ASCII)).contains("Thank you for your report.");
    }
}
