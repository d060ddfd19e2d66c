package org.csirtgateway.crypto;

import org.csirtgateway.reason.Finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;

import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.testing.Gpg;
import org.csirtgateway.testing.PgpMails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports made at test time by real GnuPG (RSA-3072 and Curve25519 team keys), read through the crypto stage and the
 * ordinary parser.
 */
class PgpUnwrapperTest {

    private static final String TEAM_RSA = "CSIRT RSA <csirt@example.org>";
    private static final String TEAM_25519 = "CSIRT 25519 <csirt@example.org>";
    private static final String REPORTER = "Rita Reporter <rita@reporter.example>";
    private static final String STRANGER = "Stranger <stranger@elsewhere.example>";

    @TempDir
    static Path dir;
    private static Gpg gpg;
    private static TeamKeys team;
    private static OpenPGPCertificate reporter;

    @BeforeAll
    static void makeKeysWithGnuPG() throws IOException {
        assumeTrue(Gpg.available(), "gpg is not installed (.ci/run installs gnupg)");
        gpg = Gpg.in(dir);
        gpg.generateKey(TEAM_RSA, "rsa3072");
        gpg.generateKey(TEAM_25519, "25519");
        gpg.generateKey(REPORTER, "25519");
        gpg.generateKey(STRANGER, "25519");
        Path rsa = Files.writeString(dir.resolve("rsa.asc"), gpg.exportSecret(TEAM_RSA));
        Path curve = Files.writeString(dir.resolve("25519.asc"), gpg.exportSecret(TEAM_25519));
        team = TeamKeys.load(List.of(rsa, curve), new char[0]);
        reporter = new OpenPGPKeyReader().parseCertificate(gpg.exportPublic(REPORTER));
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    private static PgpUnwrapper unwrapper(PgpLimits limits) {
        return new PgpUnwrapper(new PgpMessages(team, PgpFixtures.knowing(reporter), limits));
    }

    private static ParsedReport parse(byte[] mime) throws Exception {
        return new ReportParser().parse(new ByteArrayInputStream(mime));
    }

    private static String headers(String messageId) {
        return PgpMails.headers("Rita Reporter <rita@reporter.example>", "csirt@example.org", "Incident report",
                messageId);
    }

    @Test
    void pgpMimeReportEncryptedToTheRsaKeyReadsLikeAPlainOneWithAttachmentsAndForwardedMail() throws Exception {
        byte[] raw = PgpMails.encrypted(gpg, headers("m1@reporter.example"),
                PgpMails.reportEntity("Credentials of 12 staff were phished."), TEAM_RSA, REPORTER);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("decrypted");
        assertThat(unwrapped.status().encryptionDetail().param(1)).contains("CSIRT RSA");
        assertThat(unwrapped.status().signature()).as(unwrapped.status().signatureDetail().toString())
                .isEqualTo(CryptoStatus.GOOD);
        assertThat(unwrapped.status().signerUserId()).isEqualTo(REPORTER);
        // The forwarded phishing mail is evidence of its own; the searchable text holds both.
        assertThat(report.searchableText()).contains("Credentials of 12 staff were phished.")
                .contains("Verify your account now").contains("hxxp://phish.example/verify");
        assertThat(report.attachments()).contains("hosts.csv");
        assertThat(report.fromAddress()).isEqualTo("rita@reporter.example");
        assertThat(report.messageId()).isEqualTo("m1@reporter.example");
    }

    @Test
    void reportEncryptedToTheCurve25519KeyIsDecryptedToo() throws Exception {
        byte[] raw = PgpMails.encrypted(gpg, headers("m2@reporter.example"),
                PgpMails.reportEntity("Ransomware note attached."), TEAM_25519, REPORTER);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().encryptionDetail().param(1)).contains("CSIRT 25519");
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Ransomware note attached.");
    }

    @Test
    void multipartSignedReportHasAGoodSignatureOverTheExactBytes() throws Exception {
        byte[] raw = PgpMails.signed(gpg, headers("m3@reporter.example"), PgpMails.reportEntity("Signed only."),
                REPORTER);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.NONE);
        assertThat(unwrapped.status().signature()).as(unwrapped.status().signatureDetail().toString())
                .isEqualTo(CryptoStatus.GOOD);
        assertThat(unwrapped.status().signerFingerprint()).isEqualTo(gpg.fingerprint(REPORTER));
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Signed only.");
    }

    @Test
    void tamperedSignedReportShowsABadSignature() throws Exception {
        byte[] raw = PgpMails.signed(gpg, headers("m4@reporter.example"),
                PgpMails.reportEntity("Transfer 100 EUR to the attacker."), REPORTER);
        byte[] tampered = new String(raw, StandardCharsets.UTF_8).replace("100 EUR", "900 EUR")
                .getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(tampered);

        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.BAD);
        assertThat(unwrapped.status().signatureDetail().code()).isEqualTo("bad");
    }

    @Test
    void signedMessageWithBareLineFeedsIsCanonicalisedBeforeChecking() throws Exception {
        byte[] raw = PgpMails.signed(gpg, headers("m5@reporter.example"), PgpMails.reportEntity("LF only."),
                REPORTER);
        byte[] lfOnly = new String(raw, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(unwrapper(PgpLimits.DEFAULT).unwrap(lfOnly).status().signature()).isEqualTo(CryptoStatus.GOOD);
    }

    @Test
    void reportEncryptedToAnUnknownKeyStaysReadableAsReceivedAndNamesTheKeyIdItNeeded() throws Exception {
        byte[] raw = PgpMails.encrypted(gpg, headers("m6@reporter.example"), PgpMails.reportEntity("secret"),
                STRANGER, null);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("no-secret-key");
        assertThat(unwrapped.status().encryptionDetail().param(0)).startsWith("0x");
        assertThat(unwrapped.mime()).isEqualTo(raw);
        assertThat(parse(unwrapped.mime()).subject()).isEqualTo("Incident report");
    }

    @Test
    void tamperedCiphertextIsNotPresentedAsTheReport() throws Exception {
        byte[] armored = gpg.encrypt("Original text of the report, long enough to span blocks.".repeat(20)
                .getBytes(StandardCharsets.UTF_8), TEAM_25519, null);
        byte[] binary = org.bouncycastle.openpgp.PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))
                .readAllBytes();
        binary[binary.length - 40] ^= 0x01;
        byte[] raw = PgpMails.encryptedEnvelope(headers("m7@reporter.example"), armor(binary));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.mime()).isEqualTo(raw);
        assertThat(new String(unwrapped.mime(), StandardCharsets.UTF_8)).doesNotContain("Original text");
    }

    @Test
    void encryptionWithoutIntegrityProtectionIsNotPresentedAsTheReport() throws Exception {
        byte[] raw = PgpMails.encryptedEnvelope(headers("m8@reporter.example"),
                withoutIntegrityProtection("Content-Type: text/plain\r\n\r\nUnprotected words.\r\n"));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail().code()).containsIgnoringCase("integrity");
        assertThat(parse(unwrapped.mime()).bodyText()).doesNotContain("Unprotected words");
    }

    @Test
    void decompressionBombIsStoppedAtTheNamedLimit() throws Exception {
        byte[] zeros = new byte[8 * 1024 * 1024];
        byte[] armored = gpg.run(zeros, "--armor", "--trust-model", "always", "--compress-algo", "zlib",
                "--compress-level", "9", "--encrypt", "--recipient", TEAM_25519);
        assertThat(armored.length).isLessThan(100_000);
        byte[] raw = PgpMails.encryptedEnvelope(headers("m9@reporter.example"),
                new String(armored, StandardCharsets.US_ASCII));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(new PgpLimits(1024 * 1024, 4, 20)).unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail()).isEqualTo(Finding.of("too-large", 1048576));
    }

    @Test
    void inlineEncryptedTextAndEncryptedAttachmentAreDecryptedInPlace() throws Exception {
        String inline = new String(gpg.encrypt("Inline secret: VPN password leaked.\n"
                .getBytes(StandardCharsets.UTF_8), TEAM_RSA, REPORTER), StandardCharsets.US_ASCII);
        String attachment = java.util.Base64.getMimeEncoder().encodeToString(gpg.run(
                "evil.exe dropped by the macro\n".getBytes(StandardCharsets.UTF_8), "--trust-model", "always",
                "--encrypt", "--recipient", TEAM_25519));
        byte[] raw = (headers("m10@reporter.example")
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "Hello team,\r\n\r\n" + PgpMails.crlf(inline) + "\r\nRegards\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename=\"notes.txt.gpg\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n"
                + "--b--\r\n").getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(report.bodyText()).contains("Hello team,").contains("Inline secret: VPN password leaked.")
                .contains("Regards").doesNotContain("BEGIN PGP MESSAGE");
        assertThat(report.attachments()).contains("notes.txt");
    }

    @Test
    void cleartextSignedTextIsVerifiedAndShownWithoutArmor() throws Exception {
        String signed = new String(gpg.clearSign("- dashed line\nPhishing kit found.  \n".getBytes(
                StandardCharsets.UTF_8), REPORTER), StandardCharsets.UTF_8);
        byte[] raw = (headers("m11@reporter.example") + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + PgpMails.crlf(signed)).getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.status().signature()).as(unwrapped.status().signatureDetail().toString())
                .isEqualTo(CryptoStatus.GOOD);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("- dashed line").contains("Phishing kit found.")
                .doesNotContain("BEGIN PGP");
    }

    @Test
    void tamperedCleartextSignatureIsBad() throws Exception {
        String signed = new String(gpg.clearSign("Block 198.51.100.9\n".getBytes(StandardCharsets.UTF_8),
                REPORTER), StandardCharsets.UTF_8).replace("198.51.100.9", "198.51.100.8");
        byte[] raw = (headers("m12@reporter.example") + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + PgpMails.crlf(signed)).getBytes(StandardCharsets.UTF_8);

        assertThat(unwrapper(PgpLimits.DEFAULT).unwrap(raw).status().signature()).isEqualTo(CryptoStatus.BAD);
    }

    @Test
    void attachedPublicKeyIsCollected() {
        byte[] raw = (headers("m13@reporter.example") + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nMy key is attached.\r\n"
                + "--b\r\nContent-Type: application/pgp-keys; name=\"key.asc\"\r\n\r\n"
                + PgpMails.crlf(gpg.exportPublic(REPORTER)) + "\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.publicKeys()).hasSize(1);
        assertThat(new String(unwrapped.publicKeys().get(0), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    @Test
    void protectedSubjectIsShownToAnalystsButNeverQuotedInTheAcknowledgementWhichTravelsInClear() throws Exception {
        String entity = "Content-Type: text/plain; charset=utf-8; protected-headers=\"v1\"\r\n"
                + "Subject: Breach at Example Hospital, patient records\r\n\r\nDetails inside.\r\n";
        byte[] raw = PgpMails.encrypted(gpg, PgpMails.headers("Rita Reporter <rita@reporter.example>",
                "csirt@example.org", "...", "m15@reporter.example"), entity, TEAM_25519, REPORTER);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(report.subject()).isEqualTo("Breach at Example Hospital, patient records");
        assertThat(CryptoStage.forAcknowledgement(report, unwrapped).subject()).isEqualTo("...");
    }

    @Test
    void signatureByARevokedKeySaysRevoked() throws Exception {
        String signer = "Revoked Reporter <revoked@reporter.example>";
        String fingerprint = gpg.generateKey(signer, "25519");
        byte[] raw = PgpMails.signed(gpg, headers("m16@reporter.example"), PgpMails.reportEntity("old key"), signer);
        String revocation = Files.readString(dir.resolve("gnupg").resolve("openpgp-revocs.d")
                .resolve(fingerprint + ".rev")).replace(":-----BEGIN", "-----BEGIN");
        gpg.importKey(revocation);
        OpenPGPCertificate revoked = new OpenPGPKeyReader().parseCertificate(gpg.exportPublic(fingerprint));

        CryptoStatus status = new PgpUnwrapper(new PgpMessages(team, PgpFixtures.knowing(revoked),
                PgpLimits.DEFAULT)).unwrap(raw).status();

        assertThat(status.signature()).as(status.signatureDetail().toString()).isEqualTo(CryptoStatus.REVOKED);
        assertThat(status.signatureDetail().code()).isEqualTo("revoked");
        assertThat(status.signatureDetail().param(0)).contains(signer);
    }

    @Test
    void signatureByAKeyThatHasSinceExpiredSaysExpired() throws Exception {
        String signer = "Expiring Reporter <expiring@reporter.example>";
        String fingerprint = gpg.generateKey(signer, "25519");
        byte[] raw = PgpMails.signed(gpg, headers("m17@reporter.example"), PgpMails.reportEntity("soon"), signer);
        gpg.run(new byte[0], "--passphrase", "", "--quick-set-expire", fingerprint, "seconds=1");
        OpenPGPCertificate expiring = new OpenPGPKeyReader().parseCertificate(gpg.exportPublic(fingerprint));
        Thread.sleep(2500); // the key's lifetime of one second must be over

        CryptoStatus status = new PgpUnwrapper(new PgpMessages(team, PgpFixtures.knowing(expiring),
                PgpLimits.DEFAULT)).unwrap(raw).status();

        assertThat(status.signature()).as(status.signatureDetail().toString()).isEqualTo(CryptoStatus.EXPIRED);
        assertThat(status.signatureDetail().code()).isEqualTo("expired");
        assertThat(status.signatureDetail().param(0)).contains(signer);
    }

    @Test
    void plainMessageIsLeftAlone() {
        byte[] raw = (headers("m14@reporter.example") + "Content-Type: text/plain\r\n\r\nJust text.\r\n")
                .getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = unwrapper(PgpLimits.DEFAULT).unwrap(raw);

        assertThat(unwrapped.mime()).isEqualTo(raw);
        assertThat(unwrapped.status()).isEqualTo(CryptoStatus.PLAIN);
    }

    /** What a 1990s PGP made: symmetrically encrypted data without a modification detection code. */
    private static String withoutIntegrityProtection(String content) throws Exception {
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        try (var out = new PGPLiteralDataGenerator().open(literal, PGPLiteralData.BINARY, "", content.length(),
                new Date())) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_128).setWithIntegrityPacket(false)
                        .setSecureRandom(new SecureRandom()));
        OpenPGPCertificate teamCertificate = team.certificates().get(1);
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(
                teamCertificate.getEncryptionKeys().get(0).getPGPPublicKey()));
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (var out = generator.open(encrypted, literal.size())) {
            out.write(literal.toByteArray());
        }
        return armor(encrypted.toByteArray());
    }

    private static String armor(byte[] binary) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(out)) {
            armored.write(binary);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
