package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.testing.Gpg;
import org.csirtgateway.testing.PgpMails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted reports in the shapes mail software gives them on the way: a signature around the encrypted message,
 * inline armor with non-breaking spaces, PGP/MIME rewritten by Microsoft Exchange, and a PGP/MIME part that holds no
 * OpenPGP at all. GnuPG makes the OpenPGP data; the MIME around it is assembled here where GnuPG cannot make it.
 */
class PgpMimeShapesTest {

    private static final String TEAM = "CSIRT 25519 <csirt@example.org>";
    private static final String REPORTER = "Rita Reporter <rita@reporter.example>";

    @TempDir
    static Path dir;
    private static Gpg gpg;
    private static TeamKeys team;
    private static OpenPGPCertificate reporter;

    @BeforeAll
    static void makeKeysWithGnuPG() throws IOException {
        assumeTrue(Gpg.available(), "gpg is not installed (.ci/run installs gnupg)");
        gpg = Gpg.in(dir);
        gpg.generateKey(TEAM, "25519");
        gpg.generateKey(REPORTER, "25519");
        team = TeamKeys.load(List.of(Files.writeString(dir.resolve("team.asc"), gpg.exportSecret(TEAM))),
                new char[0]);
        reporter = new OpenPGPKeyReader().parseCertificate(gpg.exportPublic(REPORTER));
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    private static PgpUnwrapper.Unwrapped unwrap(byte[] raw) {
        PgpUnwrapper.Unwrapped unwrapped = new PgpUnwrapper(new PgpMessages(team, PgpFixtures.knowing(reporter),
                PgpLimits.DEFAULT)).unwrap(raw);
        assertNoExceptionText(unwrapped.status());
        return unwrapped;
    }

    private static ParsedReport parse(byte[] mime) throws Exception {
        return new ReportParser().parse(new ByteArrayInputStream(mime));
    }

    private static String headers(String messageId) {
        return PgpMails.headers(REPORTER, "csirt@example.org", "Incident report", messageId);
    }

    /** Reasons are codes and facts: never an exception's text, a Java class name or a "null". */
    private static void assertNoExceptionText(CryptoStatus status) {
        for (Finding finding : List.of(status.encryptionDetail(), status.signatureDetail())) {
            assertThat(finding.code()).doesNotContainPattern("Exception|java\\.|\\bnull\\b");
            for (String param : finding.params()) {
                assertThat(param).doesNotContainPattern("Exception|java\\.|\\bnull\\b");
            }
        }
    }

    /** The multipart/encrypted entity (no message headers) of {@code entity} encrypted to the team. */
    private static String encryptedEntity(String entity, String signer) {
        String message = new String(PgpMails.encrypted(gpg, "", entity, TEAM, signer), StandardCharsets.UTF_8);
        return message.endsWith("\r\n") ? message.substring(0, message.length() - 2) : message;
    }

    private static String armored(String text) {
        return new String(gpg.encrypt(text.getBytes(StandardCharsets.UTF_8), TEAM, REPORTER),
                StandardCharsets.US_ASCII);
    }

    // A signature around the encrypted message (RFC 3156 section 5 around section 4)

    @Test
    void encryptedReportInsideAnOuterSignatureIsDecryptedAndTheSignatureJudged() throws Exception {
        byte[] raw = PgpMails.signed(gpg, headers("s1@reporter.example"),
                encryptedEntity(PgpMails.reportEntity("Signed after encrypting: 40 hosts scanned us."), null),
                REPORTER);

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("decrypted");
        assertThat(unwrapped.status().signature()).as(unwrapped.status().signatureDetail().toString())
                .isEqualTo(CryptoStatus.GOOD);
        assertThat(unwrapped.status().signerFingerprint()).isEqualTo(gpg.fingerprint(REPORTER));
        assertThat(report.bodyText()).contains("Signed after encrypting: 40 hosts scanned us.");
        assertThat(report.attachments()).contains("hosts.csv");
        assertThat(report.messageId()).isEqualTo("s1@reporter.example");
        assertThat(report.fromAddress()).isEqualTo("rita@reporter.example");
    }

    @Test
    void anEnvelopeAlteredAfterSigningShowsABadSignatureThoughItStillDecrypts() throws Exception {
        byte[] raw = PgpMails.signed(gpg, headers("s2@reporter.example"),
                encryptedEntity(PgpMails.reportEntity("Envelope altered on the way."), null), REPORTER);
        byte[] altered = new String(raw, StandardCharsets.UTF_8)
                .replace("Content-Description: PGP/MIME version identification",
                        "Content-Description: PGP/MIME version identification, altered")
                .getBytes(StandardCharsets.UTF_8);

        PgpUnwrapper.Unwrapped unwrapped = unwrap(altered);

        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.BAD);
        assertThat(unwrapped.status().signatureDetail().code()).isEqualTo("bad");
        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Envelope altered on the way.");
    }

    @Test
    void aForgedSignatureInsideTheEncryptedDataOutweighsTheGoodOuterSignature() throws Exception {
        String innerSigned = new String(PgpMails.signed(gpg, "", PgpMails.reportEntity("Pay 100 EUR."), REPORTER),
                StandardCharsets.UTF_8).replace("100 EUR", "900 EUR");
        byte[] raw = PgpMails.signed(gpg, headers("s3@reporter.example"), encryptedEntity(innerSigned, null),
                REPORTER);

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.BAD);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Pay 900 EUR.");
    }

    @Test
    void aGoodSignatureInsideTheEncryptedDataIsStillVerified() throws Exception {
        String innerSigned = new String(PgpMails.signed(gpg, "", PgpMails.reportEntity("Signed inside."),
                REPORTER), StandardCharsets.UTF_8);
        byte[] raw = PgpMails.encrypted(gpg, headers("s4@reporter.example"), innerSigned, TEAM, null);

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Signed inside.");
    }

    // Inline armor with non-breaking spaces

    /** A text/plain mail whose body is {@code text} sent quoted-printable in {@code charset}. */
    private static byte[] inlineMail(String messageId, java.nio.charset.Charset charset, String text) {
        StringBuilder qp = new StringBuilder();
        for (byte b : text.getBytes(charset)) {
            int c = b & 0xff;
            if (c == '\r' || c == '\n' || (c >= 32 && c < 127 && c != '=')) {
                qp.append((char) c);
            } else {
                qp.append(String.format("=%02X", c));
            }
        }
        return (headers(messageId)
                + "Content-Type: text/plain; charset=" + charset.name().toLowerCase(java.util.Locale.ROOT) + "\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n"
                + "\r\n"
                + qp).getBytes(StandardCharsets.US_ASCII);
    }

    /** The armor with its header lines replaced by {@code headerLines} (each ending in CRLF) and a blank line. */
    private static String withArmorHeader(String armor, String headerLinesAndSeparator) {
        String crlf = PgpMails.crlf(armor);
        int begin = crlf.indexOf("\r\n") + 2;
        int payload = crlf.indexOf("\r\n\r\n") + 4;
        return crlf.substring(0, begin) + headerLinesAndSeparator + crlf.substring(payload);
    }

    @Test
    void inlineArmorWhoseBlankLineIsANonBreakingSpaceInQuotedPrintableIsDecrypted() throws Exception {
        String armor = withArmorHeader(armored("Inline report, blank line sent as =C2=A0."), "\u00A0\r\n");
        byte[] raw = inlineMail("n1@reporter.example", StandardCharsets.UTF_8, "Hello CSIRT,\r\n\r\n" + armor + "\r\n");

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).as(unwrapped.status().encryptionDetail().toString())
                .isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Hello CSIRT,")
                .contains("Inline report, blank line sent as =C2=A0.").doesNotContain("BEGIN PGP MESSAGE");
    }

    @Test
    void inlineArmorWithNonBreakingSpacesAfterItsVersionHeaderAndBeginLineIsDecrypted() throws Exception {
        String armor = withArmorHeader(armored("Latin-1 mail, Version header padded."),
                "Version: GnuPG v2\u00A0\u00A0\r\n\u00A0\r\n").replaceFirst("-----\r\n", "-----\u00A0\r\n");
        byte[] raw = inlineMail("n2@reporter.example", StandardCharsets.ISO_8859_1, armor + "\r\n");

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).as(unwrapped.status().encryptionDetail().toString())
                .isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Latin-1 mail, Version header padded.");
    }

    @Test
    void inlineArmorFromHtmlMailWithAnNbspEntityAsItsBlankLineIsDecrypted() throws Exception {
        String armor = withArmorHeader(armored("Taken from HTML mail."), "&nbsp;\r\n");
        byte[] raw = inlineMail("n3@reporter.example", StandardCharsets.UTF_8, armor + "\r\n");

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Taken from HTML mail.");
    }

    @Test
    void normalisingArmorNeverChangesThePayloadNorTheTextACleartextSignatureCovers() {
        String payloadLine = "hF4DAAAAAAAAAAASAQdA\u00A0x";
        String text = "Before \u00A0\n"
                + "-----BEGIN PGP MESSAGE-----\u00A0\r\n"
                + "Version: 1\u00A0\r\n"
                + " \u00A0\r\n"
                + payloadLine + "\r\n"
                + "=abcd \r\n"
                + "-----END PGP MESSAGE-----\r\n"
                + "After \u00A0\n"
                + "-----BEGIN PGP SIGNED MESSAGE-----\n"
                + "Hash: SHA256\u00A0\n"
                + "\u00A0\n"
                + "Signed line with a trailing no-break space\u00A0\n"
                + "\u00A0\n"
                + "-----BEGIN PGP SIGNATURE-----\n"
                + "\u00A0\n"
                + "iQ==\n"
                + "-----END PGP SIGNATURE-----\n";

        assertThat(ArmorWhitespace.normalise(text)).isEqualTo("Before \u00A0\n"
                + "-----BEGIN PGP MESSAGE-----\r\n"
                + "Version: 1\r\n"
                + "\r\n"
                + payloadLine + "\r\n"
                + "=abcd\r\n"
                + "-----END PGP MESSAGE-----\r\n"
                + "After \u00A0\n"
                + "-----BEGIN PGP SIGNED MESSAGE-----\n"
                + "Hash: SHA256\n"
                + "\n"
                + "Signed line with a trailing no-break space\u00A0\n"
                + "\u00A0\n"
                + "-----BEGIN PGP SIGNATURE-----\n"
                + "\n"
                + "iQ==\n"
                + "-----END PGP SIGNATURE-----\n");
        assertThat(ArmorWhitespace.normalise("No armor here\u00A0\n")).isEqualTo("No armor here\u00A0\n");
        assertThat(ArmorWhitespace.normalise("-----BEGIN PGP MESSAGE-----\nhQ\n-----BEGIN PGP SIGNED MESSAGE-----\n"
                + "Hash: SHA256\n\nCut off above \u00A0\n")).as("a cut-off armor does not reach into signed text")
                .isEqualTo("-----BEGIN PGP MESSAGE-----\nhQ\n-----BEGIN PGP SIGNED MESSAGE-----\n"
                        + "Hash: SHA256\n\nCut off above \u00A0\n");
    }

    // PGP/MIME rewritten by Microsoft Exchange

    private static final String VERSION_PART = "Content-Type: application/pgp-encrypted\r\n"
            + "Content-Disposition: attachment; filename=\"PGPMIME Versions Identification\"\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n"
            + "\r\n"
            + "Version: 1\r\n";

    private static String ciphertextPart(String armor) {
        return "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                + "Content-Disposition: attachment; filename=\"encrypted.asc\"\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + PgpMails.crlf(armor);
    }

    private static String textPart(String text) {
        return "Content-Type: text/plain; charset=\"us-ascii\"\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + text;
    }

    private static byte[] mixed(String messageId, String... parts) {
        StringBuilder mail = new StringBuilder(headers(messageId))
                .append("Content-Type: multipart/mixed;\r\n\tboundary=\"_002_exchange_\"\r\n")
                .append("\r\n");
        for (String part : parts) {
            mail.append("--_002_exchange_\r\n").append(part).append("\r\n");
        }
        mail.append("--_002_exchange_--\r\n");
        return mail.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String encryptedReport(String text) {
        return new String(gpg.encrypt(PgpMails.reportEntity(text).getBytes(StandardCharsets.UTF_8), TEAM, REPORTER),
                StandardCharsets.US_ASCII);
    }

    @Test
    void pgpMimeRewrittenByExchangeWithAnEmptyTextPartIsRepairedAndDecrypted() throws Exception {
        byte[] raw = mixed("x1@reporter.example", textPart("\r\n"), VERSION_PART,
                ciphertextPart(encryptedReport("Rewritten by Exchange: VPN credentials leaked.")));

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(unwrapped.status().encryption()).as(unwrapped.status().encryptionDetail().toString())
                .isEqualTo(CryptoStatus.DECRYPTED);
        Finding detail = unwrapped.status().encryptionDetail();
        assertThat(detail.code()).isEqualTo(ExchangeRepair.REPAIRED);
        assertThat(detail.param(0)).isEqualTo(gpg.fingerprint(TEAM));
        assertThat(detail.param(1)).contains("CSIRT 25519");
        assertThat(unwrapped.status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(unwrapped.status().signerUserId()).isEqualTo(REPORTER);
        assertThat(report.bodyText()).contains("Rewritten by Exchange: VPN credentials leaked.");
        assertThat(report.attachments()).contains("hosts.csv").doesNotContain("encrypted.asc");
        assertThat(report.messageId()).isEqualTo("x1@reporter.example");
    }

    @Test
    void pgpMimeRewrittenByExchangeWithoutATextPartIsRepairedAndDecrypted() throws Exception {
        byte[] raw = mixed("x2@reporter.example", VERSION_PART,
                ciphertextPart(encryptedReport("Two parts only.")));

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo(ExchangeRepair.REPAIRED);
        assertThat(parse(unwrapped.mime()).bodyText()).contains("Two parts only.");
    }

    @Test
    void anAttackersWrapperAroundAnEncryptedPartIsNotRepairedIntoTheReport() throws Exception {
        byte[] raw = mixed("x3@attacker.example",
                textPart("Urgent from your CEO: wire 50,000 EUR today. Details encrypted below.\r\n"),
                VERSION_PART, ciphertextPart(encryptedReport("Someone else's genuine report.")));

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(unwrapped.status().encryptionDetail().code()).isNotEqualTo(ExchangeRepair.REPAIRED);
        assertThat(unwrapped.status().encryption()).isNotEqualTo(CryptoStatus.DECRYPTED);
        assertThat(unwrapped.mime()).isNotNull();
        assertThat(new String(unwrapped.mime(), StandardCharsets.UTF_8)).doesNotContain("multipart/encrypted");
        assertThat(report.bodyText()).contains("Urgent from your CEO")
                .doesNotContain("Someone else's genuine report.");
    }

    @Test
    void aPartAddedAfterTheCiphertextIsNotRepairedIntoTheReport() throws Exception {
        byte[] raw = mixed("x4@attacker.example", textPart(""), VERSION_PART,
                ciphertextPart(encryptedReport("Genuine encrypted report.")),
                textPart("Appended by an attacker: the password is hunter2.\r\n"));

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);
        ParsedReport report = parse(unwrapped.mime());

        assertThat(unwrapped.status().encryptionDetail().code()).isNotEqualTo(ExchangeRepair.REPAIRED);
        assertThat(unwrapped.status().encryption()).isNotEqualTo(CryptoStatus.DECRYPTED);
        assertThat(report.bodyText()).contains("Appended by an attacker").doesNotContain("Genuine encrypted report.");
    }

    @Test
    void partsInAnotherOrderAreNotRepaired() {
        byte[] raw = mixed("x5@reporter.example", ciphertextPart(encryptedReport("Order swapped.")), VERSION_PART);

        assertThat(ExchangeRepair.repair(raw)).isNull();
        assertThat(unwrap(raw).status().encryptionDetail().code()).isNotEqualTo(ExchangeRepair.REPAIRED);
    }

    @Test
    void exchangeLayoutWithoutTheVersionLineIsNotRepaired() {
        byte[] raw = mixed("x6@reporter.example", VERSION_PART.replace("Version: 1", "Hello"),
                ciphertextPart(encryptedReport("No version line.")));

        assertThat(ExchangeRepair.repair(raw)).isNull();
    }

    // A PGP/MIME part that holds no OpenPGP

    @Test
    void pgpMimePartHoldingTextInsteadOfOpenPgpFailsAsNotOpenPgp() throws Exception {
        byte[] raw = PgpMails.encryptedEnvelope(headers("p1@reporter.example"),
                "This is not OpenPGP data, just a sentence.\r\n");

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("not-openpgp");
        assertThat(unwrapped.mime()).isEqualTo(raw);
    }

    @Test
    void pgpMimePartHoldingBinaryJunkFailsAsNotOpenPgp() throws Exception {
        byte[] junk = new byte[300];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = 0x00; // not a packet tag: OpenPGP packets start with the high bit set
        String raw = new String(PgpMails.encryptedEnvelope(headers("p2@reporter.example"), "PLACEHOLDER"),
                StandardCharsets.UTF_8).replace("Content-Disposition: inline; filename=\"encrypted.asc\"\r\n",
                "Content-Disposition: inline; filename=\"encrypted.asc\"\r\nContent-Transfer-Encoding: base64\r\n")
                .replace("PLACEHOLDER", Base64.getMimeEncoder().encodeToString(junk));

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw.getBytes(StandardCharsets.UTF_8));

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("not-openpgp");
    }

    @Test
    void pgpMimePartThatIsAnEmptyArmorFailsAsNotOpenPgp() throws Exception {
        byte[] raw = PgpMails.encryptedEnvelope(headers("p3@reporter.example"),
                "-----BEGIN PGP MESSAGE-----\r\n\r\n-----END PGP MESSAGE-----\r\n");

        PgpUnwrapper.Unwrapped unwrapped = unwrap(raw);

        assertThat(unwrapped.status().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(unwrapped.status().encryptionDetail().code()).isEqualTo("not-openpgp");
    }
}
