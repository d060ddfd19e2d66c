package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Opening messages GnuPG made (committed fixtures, see make-fixtures.sh). */
class PgpMessagesTest {

    private static final TeamKeys TEAM = PgpFixtures.teamKeys();
    private final PgpMessages withReporterKnown = new PgpMessages(TEAM,
            PgpFixtures.knowing(PgpFixtures.certificate("reporter.pub.asc")), PgpLimits.DEFAULT);

    @Test
    void gpgEncryptedAndSignedMessageIsDecryptedWithAGoodSignatureNamingTheSigner() {
        PgpMessages.Opened opened = withReporterKnown.open(PgpFixtures.bytes("inline-encrypted-signed.asc"));

        assertThat(opened.encryption()).as(opened.detail().toString()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).contains("login-example.test");
        assertThat(opened.signature().state()).as(opened.signature().detail().toString()).isEqualTo(CryptoStatus.GOOD);
        assertThat(opened.signature().userId()).isEqualTo("Alice Reporter <alice@reporter.example>");
    }

    @Test
    void signatureByAnUnknownKeyIsReportedWithItsKeyId() {
        PgpMessages opener = new PgpMessages(TEAM, CertificateSource.NONE, PgpLimits.DEFAULT);

        PgpMessages.Opened opened = opener.open(PgpFixtures.bytes("inline-encrypted-signed.asc"));

        assertThat(opened.encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(opened.signature().state()).isEqualTo(CryptoStatus.UNKNOWN_KEY);
        assertThat(opened.signature().detail().code()).isEqualTo("unknown-key");
        assertThat(opened.signature().detail().param(0)).startsWith("0x");
    }

    @Test
    void messageEncryptedToAKeyTheTeamDoesNotHoldNamesTheKeyIdItNeeds() {
        PgpMessages.Opened opened = withReporterKnown.open(PgpFixtures.bytes("inline-encrypted-to-stranger.asc"));

        assertThat(opened.readable()).isFalse();
        assertThat(opened.encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(opened.detail().code()).isEqualTo("no-secret-key");
        assertThat(opened.detail().param(0)).startsWith("0x");
    }
}
