package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.testing.OpenSsl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S/MIME reports made by real OpenSSL ({@code openssl cms}), read through the crypto stage and the parser: decrypted
 * with the team's certificate, signatures verified against the team's trust anchors, the same states and reasons as
 * for OpenPGP.
 */
class SmimeReportsTest {

    private static final String ENTITY = "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + "S/MIME report: credential phishing at https://portal.bank.example/login from 192.0.2.150\r\n";

    @TempDir
    static Path dir;
    private static OpenSsl openssl;
    private static PgpUnwrapper unwrapper;

    @BeforeAll
    static void makeCertificatesWithOpenSsl() throws Exception {
        assumeTrue(OpenSsl.available(), "openssl is not installed");
        openssl = OpenSsl.in(dir);
        openssl.ca("ca", "/CN=Reporters CA");
        openssl.ca("rogue", "/CN=Rogue CA");
        openssl.person("team", "Example CSIRT", "csirt@example.org", "ca");
        openssl.person("reporter", "Rita Reporter", "rita@reporter.example", "ca");
        openssl.person("stranger", "Sam Stranger", "sam@elsewhere.example", "rogue");
        expiredCertificate("expired", "Old Reporter", "old@reporter.example");
        openssl.write("entity.txt", ENTITY);
        List<SmimeKeys.Identity> team = SmimeKeys.loadPkcs12(List.of(openssl.pkcs12("team", "secret")),
                "secret".toCharArray());
        SmimeKeys keys = new SmimeKeys(team, SmimeKeys.loadAnchors(openssl.file("ca.pem")));
        unwrapper = new PgpUnwrapper(new PgpMessages(TeamKeys.none(), CertificateSource.NONE, PgpLimits.DEFAULT),
                new SmimeMessages(keys, PgpLimits.DEFAULT));
    }

    private static byte[] mail(byte[] opensslOutput) {
        return ("Date: Tue, 08 Dec 2026 03:00:00 +0000\r\nMessage-ID: <smime-" + System.nanoTime()
                + "@reporter.example>\r\n" + new String(opensslOutput, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sign(String signer, boolean opaque) {
        List<String> args = new java.util.ArrayList<>(List.of("cms", "-sign", "-in", "entity.txt", "-signer",
                signer + ".pem", "-inkey", signer + ".key", "-from", signer + "@x", "-to", "csirt@example.org",
                "-subject", "Signed report"));
        if (opaque) {
            args.add("-nodetach");
        }
        return openssl.run(args.toArray(String[]::new));
    }

    private static ParsedReport parse(PgpUnwrapper.Unwrapped unwrapped) throws Exception {
        return new ReportParser().parse(new ByteArrayInputStream(unwrapped.mime()));
    }

    @Test
    void anEncryptedReportIsDecryptedWithTheTeamCertificate() throws Exception {
        byte[] raw = mail(openssl.run("cms", "-encrypt", "-in", "entity.txt", "-aes256", "-from",
                "rita@reporter.example", "-to", "csirt@example.org", "-subject", "Encrypted report", "team.pem"));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("smime-decrypted");
        assertThat(unwrapped.status().encryptionDetail().param(1)).isEqualTo("Example CSIRT <csirt@example.org>");
        assertThat(parse(unwrapped).bodyText()).contains("portal.bank.example/login");
        assertThat(parse(unwrapped).attachments()).noneMatch(name -> name.contains("smime.p7m"));
    }

    @Test
    void aReportEncryptedToAnotherCertificateNamesTheRecipientItNeeds() throws Exception {
        byte[] raw = mail(openssl.run("cms", "-encrypt", "-in", "entity.txt", "-aes256", "-subject", "Not for us",
                "stranger.pem"));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("smime-no-key");
        assertThat(unwrapped.status().encryptionDetail().param(0)).contains("Rogue CA");
    }

    @Test
    void aDetachedSignatureByATrustedReporterIsGood() throws Exception {
        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(mail(sign("reporter", false)));

        assertThat(unwrapped.status().signature()).as(unwrapped.status().signatureDetail().toString())
                .isEqualTo(CryptoStatus.GOOD);
        assertThat(unwrapped.status().signerUserId()).isEqualTo("Rita Reporter <rita@reporter.example>");
        assertThat(parse(unwrapped).bodyText()).contains("portal.bank.example/login");
    }

    @Test
    void anOpaqueSignedReportIsVerifiedAndItsContentShown() throws Exception {
        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(mail(sign("reporter", true)));

        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(parse(unwrapped).bodyText()).contains("portal.bank.example/login");
    }

    @Test
    void aSignedThenEncryptedReportIsDecryptedAndItsSignatureVerified() throws Exception {
        Files.write(dir.resolve("signed.msg"), sign("reporter", false));
        byte[] raw = mail(openssl.run("cms", "-encrypt", "-in", "signed.msg", "-aes256", "-subject", "Both",
                "team.pem"));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(parse(unwrapped).bodyText()).contains("portal.bank.example/login");
    }

    @Test
    void aReportAlteredAfterSigningHasABadSignature() throws Exception {
        String signed = new String(sign("reporter", false), StandardCharsets.UTF_8);
        byte[] tampered = mail(signed.replace("192.0.2.150", "192.0.2.151").getBytes(StandardCharsets.UTF_8));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(tampered);

        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.BAD);
        assertThat(unwrapped.status().signatureDetail().code()).isEqualTo("smime-bad");
    }

    @Test
    void aSignatureWhoseCertificateChainsToNoTrustedAuthorityIsNotGood() throws Exception {
        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(mail(sign("stranger", false)));

        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.UNKNOWN_KEY);
        assertThat(unwrapped.status().signatureDetail().code()).isEqualTo("smime-untrusted");
    }

    @Test
    void aSignatureByAnExpiredCertificateIsShownAsExpired() throws Exception {
        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(mail(sign("expired", false)));

        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.EXPIRED);
        assertThat(unwrapped.status().signatureDetail().code()).isEqualTo("smime-expired");
    }

    @Test
    void anSmimePartInsideAProvidersWrapperIsOpenedAndShownApartFromTheWrapperText() throws Exception {
        Files.write(dir.resolve("signed-part.msg"), sign("reporter", false));
        String encryptedPart = new String(openssl.run("cms", "-encrypt", "-in", "signed-part.msg", "-aes256",
                "team.pem"), StandardCharsets.UTF_8).replaceFirst("(?s)^MIME-Version: 1.0\r?\n", "");
        byte[] raw = mail(("From: rita@reporter.example\r\nSubject: Wrapped\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"wrap\"\r\n\r\n"
                + "--wrap\r\nContent-Type: text/plain\r\n\r\nThis mail was scanned by Example Gateway.\r\n"
                + "--wrap\r\n" + encryptedPart + "\r\n--wrap--\r\n").getBytes(StandardCharsets.UTF_8));

        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(raw);
        ParsedReport report = parse(unwrapped);
        MessageProtection protection = MessageProtection.of(unwrapped, report.bodyText(), report.fromAddress(),
                report.sentAt(), fingerprint -> Set.of());

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(report.bodyText()).contains("scanned by Example Gateway").contains("portal.bank.example/login");
        assertThat(protection.parts()).hasSize(1);
        assertThat(report.bodyText().substring(protection.parts().get(0).start(), protection.parts().get(0).end()))
                .contains("portal.bank.example/login").doesNotContain("scanned");
        assertThat(protection.parts().get(0).protection().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(protection.has("partially-encrypted")).isTrue();
    }

    @Test
    void theTeamsSmimeSignatureOnAnAnswerIsVerifiedByOpenSsl() throws Exception {
        SmimeKeys keys = new SmimeKeys(SmimeKeys.loadPkcs12(List.of(openssl.file("team.p12")), "secret".toCharArray()),
                Set.of());
        byte[] answer = ("From: Example CSIRT <csirt@example.org>\r\nTo: rita@reporter.example\r\n"
                + "Subject: [CSIRT#2026-000001] Received: report\r\nAuto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Thank you for your report. Ticket CSIRT#2026-000001.\r\n").getBytes(StandardCharsets.UTF_8);

        byte[] signed = new SmimeSigner(keys).sign(answer);
        Files.write(dir.resolve("answer.eml"), signed);
        String verified = new String(openssl.run("cms", "-verify", "-in", "answer.eml", "-CAfile", "ca.pem",
                "-purpose", "any"), StandardCharsets.UTF_8);

        assertThat(verified).contains("Thank you for your report. Ticket CSIRT#2026-000001.");
        assertThat(new String(signed, StandardCharsets.UTF_8)).startsWith("From: Example CSIRT <csirt@example.org>")
                .contains("Auto-Submitted: auto-replied").contains("application/pkcs7-signature");
        PgpUnwrapper.Unwrapped readBack = new PgpUnwrapper(new PgpMessages(TeamKeys.none(), CertificateSource.NONE,
                PgpLimits.DEFAULT), new SmimeMessages(new SmimeKeys(List.of(), SmimeKeys.loadAnchors(
                openssl.file("ca.pem"))), PgpLimits.DEFAULT)).unwrap(signed);
        assertThat(readBack.status().signature()).isEqualTo(CryptoStatus.GOOD);
    }

    @Test
    void noSmimeReasonIsAnExceptionText() throws Exception {
        for (byte[] raw : List.of(mail(sign("stranger", false)), mail(openssl.run("cms", "-encrypt", "-in",
                "entity.txt", "stranger.pem")), mail(("Content-Type: application/pkcs7-mime; smime-type=enveloped-data"
                + "\r\nContent-Transfer-Encoding: base64\r\n\r\nbm90IENNUw==\r\n").getBytes(StandardCharsets.US_ASCII)))) {
            CryptoStatus status = unwrapper.unwrap(raw).status();
            for (var finding : List.of(status.encryptionDetail(), status.signatureDetail())) {
                assertThat(String.join(" ", finding.params())).doesNotContainPattern("Exception|java\\.|\\bnull\\b");
            }
        }
    }

    /** A certificate that expired in 2021, made with Bouncy Castle (OpenSSL 3.0 cannot date one in the past). */
    private static void expiredCertificate(String name, String commonName, String address) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName + ",E=" + address);
        var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(7), Date.from(Instant.parse("2020-01-01T00:00:00Z")),
                Date.from(Instant.parse("2021-01-01T00:00:00Z")), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        for (var entry : List.of(Set.of(name + ".pem", certificate), Set.of(name + ".key", pair.getPrivate()))) {
            String file = (String) entry.stream().filter(String.class::isInstance).findFirst().orElseThrow();
            Object object = entry.stream().filter(o -> !(o instanceof String)).findFirst().orElseThrow();
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                pem.writeObject(object);
            }
            openssl.write(file, text.toString());
        }
    }
}
