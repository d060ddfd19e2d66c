package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * What an analyst is shown when only part of a message is protected, or when the protection says something other than
 * the headers: the exact spans that were encrypted or signed, the rest marked as clear, and the badges' notes. GnuPG
 * makes the OpenPGP payloads; the tests put the clear text and the MIME around them, as an attacker or a forwarder
 * would.
 */
class PartialProtectionTest {

    private static final String TEAM = "CSIRT 25519 <csirt@example.org>";
    private static final String BOB = "Bob Babbage <bob@reporter.example>";
    private static final String EVE = "Eve <eve@attacker.example>";

    @TempDir
    static Path dir;
    private static Gpg gpg;
    private static TeamKeys team;
    private static OpenPGPCertificate bob;

    @BeforeAll
    static void makeKeysWithGnuPG() throws IOException {
        assumeTrue(Gpg.available(), "gpg is not installed (.ci/run installs gnupg)");
        gpg = Gpg.in(dir);
        gpg.generateKey(TEAM, "25519");
        gpg.generateKey(BOB, "25519");
        team = TeamKeys.load(List.of(Files.writeString(dir.resolve("team.asc"), gpg.exportSecret(TEAM))),
                new char[0]);
        bob = new OpenPGPKeyReader().parseCertificate(gpg.exportPublic(BOB));
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    /** What the crypto stage and the parser make of a message, as {@link CryptoStage#record} stores it. */
    private record Seen(PgpUnwrapper.Unwrapped unwrapped, ParsedReport report, MessageProtection protection) {
        String span(MessageProtection.Part part) {
            return report.bodyText().substring(part.start(), part.end());
        }

        Set<String> noteCodes() {
            Set<String> codes = new HashSet<>();
            protection.notes().forEach(note -> codes.add(note.code()));
            return codes;
        }
    }

    private static Seen read(byte[] raw) throws Exception {
        PgpUnwrapper.Unwrapped unwrapped = new PgpUnwrapper(new PgpMessages(team, PgpFixtures.knowing(bob),
                PgpLimits.DEFAULT)).unwrap(raw);
        ParsedReport report = new ReportParser().parse(new ByteArrayInputStream(unwrapped.mime()));
        MessageProtection protection = MessageProtection.of(unwrapped, report.bodyText(), report.fromAddress(),
                report.sentAt(), fingerprint -> fingerprint.equals(
                        org.csirtgateway.crypto.Fingerprints.hex(bob.getFingerprint()))
                        ? Set.of("bob@reporter.example") : Set.of());
        return new Seen(unwrapped, report, protection);
    }

    private static String armoredFor(String text) {
        return new String(gpg.encrypt(text.getBytes(StandardCharsets.UTF_8), TEAM, BOB), StandardCharsets.US_ASCII);
    }

    private static byte[] plainMail(String from, String contentType, String body) {
        return (PgpMails.headers(from, "csirt@example.org", "Phishing report", "partial@reporter.example")
                + "Content-Type: " + contentType + "\r\n\r\n" + PgpMails.crlf(body)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void textAddedAroundAnInlineEncryptedBlockIsMarkedAsClearAndTheBadgeSaysPartiallyEncrypted() throws Exception {
        String secret = "The phishing site is https://login.bank.example/verify, hosted at 192.0.2.44.";
        byte[] raw = plainMail(BOB, "text/plain; charset=utf-8",
                "URGENT: ignore the report below, the site is ours and safe.\n\n" + armoredFor(secret)
                        + "\nForwarded by a friendly relay.\n");

        Seen seen = read(raw);

        assertThat(seen.report().bodyText()).contains("URGENT: ignore").contains(secret).contains("friendly relay");
        assertThat(seen.protection().parts()).hasSize(1);
        MessageProtection.Part part = seen.protection().parts().get(0);
        assertThat(seen.span(part)).isEqualTo(secret);
        assertThat(part.protection().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(part.protection().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(seen.noteCodes()).contains("partially-encrypted", "partially-signed");
    }

    @Test
    void anHtmlOnlyMessageWithClearTextAroundItsBlockIsPartiallyEncryptedAndNeverRenderedAsHtml() throws Exception {
        String secret = "Report: <b>not html</b> credentials leaked at paste.example/abc";
        String armored = armoredFor(secret).replace("\n", "<br>\n");
        byte[] raw = plainMail(BOB, "text/html; charset=utf-8",
                "<html><body><p>Trust this mail, it is <i>verified</i>.</p><p>" + armored + "</p></body></html>");

        Seen seen = read(raw);

        assertThat(seen.protection().parts()).hasSize(1);
        assertThat(seen.span(seen.protection().parts().get(0))).isEqualTo(secret);
        assertThat(seen.report().bodyText()).contains("Trust this mail, it is verified.");
        assertThat(seen.noteCodes()).contains("partially-encrypted");
    }

    @Test
    void aMessageEncryptedWholeIsOneProtectedSpanWithoutPartialNotes() throws Exception {
        byte[] raw = PgpMails.encrypted(gpg, PgpMails.headers(BOB, "csirt@example.org", "...", "whole@reporter.example"),
                PgpMails.reportEntity("Whole report: scanner at 198.51.100.7"), TEAM, BOB);

        Seen seen = read(raw);

        assertThat(seen.protection().parts()).hasSize(1);
        MessageProtection.Part part = seen.protection().parts().get(0);
        assertThat(part.start()).isZero();
        assertThat(part.end()).isEqualTo(seen.report().bodyText().length());
        assertThat(seen.noteCodes()).doesNotContain("partially-encrypted", "partially-signed", "signer-not-sender");
    }

    @Test
    void anAttackersWrapperAroundSomeonesEncryptedPartDoesNotReadAsTheProtectedReport() throws Exception {
        String armored = armoredFor("Bob's real report about 192.0.2.8");
        byte[] raw = (PgpMails.headers(EVE, "csirt@example.org", "Bob's report, vouched for",
                "wrapper@attacker.example")
                + "Content-Type: multipart/mixed; boundary=\"w\"\r\n\r\n"
                + "--w\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Bob asks you to whitelist 192.0.2.66 at once.\r\n"
                + "--w\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                + "Content-Disposition: attachment; filename=\"encrypted.asc\"\r\n\r\n"
                + PgpMails.crlf(armored) + "\r\n--w--\r\n").getBytes(StandardCharsets.UTF_8);

        Seen seen = read(raw);

        assertThat(seen.report().bodyText()).contains("whitelist 192.0.2.66");
        assertThat(seen.protection().parts()).isEmpty();
        assertThat(seen.noteCodes()).contains("partially-encrypted", "partially-signed");
    }

    @Test
    void anEncryptedPartInsideAProvidersWrapperIsDecryptedAndShownApartFromTheWrapperText() throws Exception {
        String secret = "Nested report: ransomware note found on host 198.51.100.23";
        byte[] armored = gpg.encrypt(PgpMails.reportEntity(secret).getBytes(StandardCharsets.UTF_8), TEAM, BOB);
        String encryptedPart = new String(PgpMails.encryptedEnvelope("", new String(armored,
                StandardCharsets.US_ASCII)), StandardCharsets.UTF_8);
        byte[] raw = (PgpMails.headers(BOB, "csirt@example.org", "...", "nested-encrypted@reporter.example")
                + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
                + "--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Scanned for viruses by Example Mail. Click here to unsubscribe.\r\n"
                + "--outer\r\n" + encryptedPart + "\r\n--outer--\r\n").getBytes(StandardCharsets.UTF_8);

        Seen seen = read(raw);

        assertThat(seen.unwrapped().status().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(seen.report().bodyText()).contains("Scanned for viruses").contains(secret);
        assertThat(seen.report().attachments()).noneMatch(name -> name.contains("encrypted.asc"));
        assertThat(seen.protection().parts()).hasSize(1);
        assertThat(seen.span(seen.protection().parts().get(0))).contains(secret).doesNotContain("Scanned for viruses");
        assertThat(seen.noteCodes()).contains("partially-encrypted");
    }

    @Test
    void aSignedPartInsideAMailingListsWrapperIsVerifiedAndTheFooterShownAsClear() throws Exception {
        String signedPart = PgpMails.crlf(PgpMails.reportEntity("List post: the mirror at 203.0.113.77 serves malware"));
        signedPart = signedPart.substring(0, signedPart.length() - 2);
        String signature = new String(gpg.detachSign(signedPart.getBytes(StandardCharsets.UTF_8), BOB),
                StandardCharsets.US_ASCII);
        String signedEntity = new String(PgpMails.signedEnvelope("", signedPart, signature), StandardCharsets.UTF_8);
        byte[] raw = (PgpMails.headers(BOB, "security-list@lists.example", "[sec] mirror serves malware",
                "nested-signed@reporter.example")
                + "Content-Type: multipart/mixed; boundary=\"list\"\r\n\r\n"
                + "--list\r\n" + signedEntity + "\r\n"
                + "--list\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "security-list mailing list -- unsubscribe at lists.example\r\n--list--\r\n")
                .getBytes(StandardCharsets.UTF_8);

        Seen seen = read(raw);

        assertThat(seen.unwrapped().status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(seen.protection().parts()).hasSize(1);
        assertThat(seen.span(seen.protection().parts().get(0))).contains("mirror at 203.0.113.77")
                .doesNotContain("unsubscribe");
        assertThat(seen.noteCodes()).contains("partially-signed");
    }

    @Test
    void unsignedTextAroundACleartextSignedBlockIsMarkedAsClearAndTheBadgeSaysPartiallySigned() throws Exception {
        String signedText = "Confirmed: the C2 server is 203.0.113.9, please block it.";
        String clearSigned = new String(gpg.clearSign(signedText.getBytes(StandardCharsets.UTF_8), BOB),
                StandardCharsets.UTF_8);
        byte[] raw = plainMail(BOB, "text/plain; charset=utf-8",
                "Also unblock 203.0.113.10, it is a false positive.\n\n" + clearSigned);

        Seen seen = read(raw);

        assertThat(seen.protection().parts()).hasSize(1);
        MessageProtection.Part part = seen.protection().parts().get(0);
        assertThat(seen.span(part)).isEqualTo(signedText);
        assertThat(part.protection().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(part.protection().encryption()).isEqualTo(CryptoStatus.NONE);
        assertThat(seen.noteCodes()).contains("partially-signed").doesNotContain("partially-encrypted");
    }

    @Test
    void aSecondFromHeaderMakesTheSenderAmbiguousOnTheBadge() throws Exception {
        String headers = "From: " + EVE + "\r\n" + PgpMails.headers(BOB, "csirt@example.org", "Signed report",
                "two-from@reporter.example");
        byte[] raw = PgpMails.signed(gpg, headers, PgpMails.reportEntity("Signed by Bob."), BOB);

        Seen seen = read(raw);

        assertThat(seen.unwrapped().status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(seen.protection().notes()).contains(
                Finding.of("sender-ambiguous", "eve@attacker.example, bob@reporter.example"));
    }

    @Test
    void aGoodSignatureByAKeyThatDoesNotNameTheSenderIsShownAsSignerNotSender() throws Exception {
        byte[] raw = PgpMails.signed(gpg, PgpMails.headers(EVE, "csirt@example.org", "Signed report",
                "mismatch@reporter.example"), PgpMails.reportEntity("Signed by Bob, sent as Eve."), BOB);

        Seen seen = read(raw);

        assertThat(seen.unwrapped().status().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(seen.protection().notes()).contains(Finding.of("signer-not-sender", BOB, "eve@attacker.example"));
    }

    @Test
    void aSignedSubjectThatDiffersFromTheOuterOneIsShownAndTheDifferenceNoted() throws Exception {
        String entity = "Content-Type: text/plain; charset=utf-8; protected-headers=\"v1\"\r\n"
                + "Subject: Phishing against our customers\r\n\r\nDetails of the campaign.\r\n";
        byte[] raw = PgpMails.signed(gpg, PgpMails.headers(BOB, "csirt@example.org", "Please ignore this one",
                "protected-subject@reporter.example"), entity, BOB);

        Seen seen = read(raw);

        assertThat(seen.report().subject()).isEqualTo("Phishing against our customers");
        assertThat(seen.protection().notes()).contains(Finding.of("protected-header-differs", "Subject",
                "Phishing against our customers", "Please ignore this one"));
    }

    @Test
    void anEncryptedSubjectBehindThePlaceholderIsShownWithoutANoteAndNeverQuotedInTheAcknowledgement()
            throws Exception {
        String entity = "Content-Type: text/plain; charset=utf-8; protected-headers=\"v1\"\r\n"
                + "Subject: Breach at Example Hospital\r\n\r\nPatient records leaked.\r\n";
        byte[] raw = PgpMails.encrypted(gpg, PgpMails.headers(BOB, "csirt@example.org", "...",
                "hidden-subject@reporter.example"), entity, TEAM, BOB);

        Seen seen = read(raw);

        assertThat(seen.report().subject()).isEqualTo("Breach at Example Hospital");
        assertThat(seen.noteCodes()).doesNotContain("protected-header-differs");
        assertThat(CryptoStage.forAcknowledgement(seen.report(), seen.unwrapped()).subject()).isEqualTo("...");
    }

    @Test
    void aSignatureMadeLongAfterTheMailsDateIsNoted() throws Exception {
        String headers = PgpMails.headers(BOB, "csirt@example.org", "Old news", "old-date@reporter.example")
                .replace("Date: Thu, 26 Nov 2026 07:00:00 +0000", "Date: Wed, 26 Nov 2025 07:00:00 +0000");
        byte[] raw = PgpMails.signed(gpg, headers, PgpMails.reportEntity("Signed today, dated a year ago."), BOB);

        Seen seen = read(raw);

        assertThat(seen.noteCodes()).contains("signature-date-far");
    }
}
