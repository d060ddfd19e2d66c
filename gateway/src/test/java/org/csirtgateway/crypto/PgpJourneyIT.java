package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Gpg;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.PgpMails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.MessageView;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over IMAP with GnuPG as the reporter's mail program: encrypted and signed reports become tickets with
 * their decrypted text searchable and their signature status; the acknowledgement to a reporter whose key is trusted
 * is encrypted, and GnuPG decrypts it and verifies the team's signature.
 */
class PgpJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TEAM_UID = "Example CSIRT <csirt@example.org>";
    private static final String REPORTER = "rita@reporter.example";
    private static final String REPORTER_UID = "Rita Reporter <" + REPORTER + ">";
    private static final String STRANGER_UID = "Stranger <stranger@elsewhere.example>";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    static Path keysDir;
    @TempDir
    Path dataDir;

    private static Gpg gpg;
    private static Path teamKeyFile;
    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    private Gateway gateway;

    @BeforeAll
    static void makeKeysWithGnuPG() throws Exception {
        assumeTrue(Gpg.available(), "gpg is not installed (.ci/run installs gnupg)");
        gpg = Gpg.in(keysDir);
        gpg.generateKey(TEAM_UID, "rsa3072");
        gpg.generateKey(REPORTER_UID, "25519");
        gpg.generateKey(STRANGER_UID, "25519");
        teamKeyFile = Files.writeString(keysDir.resolve("team.sec.asc"), gpg.exportSecret(TEAM_UID));
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    @BeforeEach
    void startGateway() {
        gateway = running.start(dataDir, Map.of("pgp.secretKeys", teamKeyFile.toString()));
    }

    @Test
    void encryptedSignedReportIsReadableSearchableWithAGoodSignatureAndIsAnsweredEncryptedAndSigned()
            throws Exception {
        List<String> fingerprints = gateway.reporterKeys().importKeys(gpg.exportPublic(REPORTER_UID)
                .getBytes(StandardCharsets.US_ASCII), ReporterKeys.IMPORTED, null, Instant.now());
        gateway.reporterKeys().setTrusted(fingerprints.get(0), true, "analyst", Instant.now());
        byte[] report = PgpMails.encrypted(gpg, PgpMails.headers(REPORTER_UID, TestGatewayConfig.TEAM_ADDRESS,
                        "Encrypted incident report", "enc-1@reporter.example"),
                PgpMails.reportEntity("Stolen credentials of the payroll department are on a paste site."),
                TEAM_UID, REPORTER_UID);

        Mails.sendRaw(MAIL.getSmtp().getPort(), REPORTER, TestGatewayConfig.TEAM_ADDRESS, report);

        TicketDetail ticket = running.awaitTicketWithSubject("Encrypted incident report");
        MessageView message = ticket.messages().get(0);
        assertThat(message.bodyText()).contains("payroll department");
        assertThat(message.details().evidence()).anySatisfy(evidence -> {
            assertThat(evidence.subject()).isEqualTo("Verify your account now");
            assertThat(evidence.bodyText()).contains("hxxp://phish.example/verify");
        });
        assertThat(message.crypto().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(message.crypto().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(message.crypto().signerUserId()).isEqualTo(REPORTER_UID);
        assertThat(message.crypto().signerFingerprint()).isEqualTo(gpg.fingerprint(REPORTER_UID));
        assertThat(Eventually.await("the decrypted text is indexed", WAIT, () -> {
            try {
                var hits = gateway.tickets().search("payroll", 10, 0).tickets();
                return hits.isEmpty() ? null : hits;
            } catch (org.csirtgateway.index.InvalidQueryException e) {
                throw new IllegalStateException(e);
            }
        })).extracting(hit -> hit.ticket().id()).containsExactly(ticket.summary().id());

        byte[] ack = raw(awaitAcknowledgementTo(REPORTER));
        String ackText = new String(ack, StandardCharsets.US_ASCII);
        assertThat(ackText).contains("multipart/encrypted").doesNotContain("text/plain");
        byte[] encrypted = encryptedPartOf(ack);
        Gpg.Result decrypted = gpg.decrypt(encrypted);
        assertThat(decrypted.status()).contains("DECRYPTION_OKAY").contains("GOODSIG")
                .contains("VALIDSIG " + gpg.fingerprint(TEAM_UID));
        assertThat(decrypted.outputText()).contains("Content-Type: text/plain");
        assertThat(ackText).contains(ticket.summary().id()); // in the Subject, which stays outside
    }

    @Test
    void keyAttachedToAnEncryptedReportIsCollectedUnverifiedOnlyForItsSenderAndTheReplyIsOnlySigned()
            throws Exception {
        String reporter = "stranger@elsewhere.example";
        String entity = "Content-Type: multipart/mixed; boundary=\"k\"\r\n\r\n"
                + "--k\r\nContent-Type: text/plain\r\n\r\nPlease answer encrypted to my key.\r\n"
                + "--k\r\nContent-Type: application/pgp-keys; name=\"key.asc\"\r\n\r\n"
                + PgpMails.crlf(gpg.exportPublic(STRANGER_UID)) + "\r\n"
                + "--k\r\nContent-Type: application/pgp-keys; name=\"rita.asc\"\r\n\r\n"
                + PgpMails.crlf(gpg.exportPublic(REPORTER_UID)) + "\r\n--k--\r\n";
        byte[] report = PgpMails.encrypted(gpg, PgpMails.headers("Stranger <" + reporter + ">",
                TestGatewayConfig.TEAM_ADDRESS, "Answer me encrypted", "key-1@impostor.example"), entity, TEAM_UID,
                null);

        Mails.sendRaw(MAIL.getSmtp().getPort(), reporter, TestGatewayConfig.TEAM_ADDRESS, report);

        running.awaitTicketWithSubject("Answer me encrypted");
        byte[] ack = raw(awaitAcknowledgementTo(reporter));
        assertThat(RawMime.parse(ack).contentType().mimeType()).isEqualTo("multipart/signed");
        assertThat(gateway.reporterKeys().list()).as("Rita's key came from another sender").singleElement()
                .satisfies(key -> {
                    assertThat(key.fingerprint()).isEqualTo(gpg.fingerprint(STRANGER_UID));
                    assertThat(key.trusted()).isFalse();
                    assertThat(key.source()).isEqualTo(ReporterKeys.ATTACHED);
                    assertThat(key.seenFrom()).isEqualTo(reporter);
                });
    }

    @Test
    void tamperedSignedReportShowsABadSignature() throws Exception {
        gateway.reporterKeys().importKeys(gpg.exportPublic(REPORTER_UID).getBytes(StandardCharsets.US_ASCII),
                ReporterKeys.IMPORTED, null, Instant.now());
        byte[] signed = PgpMails.signed(gpg, PgpMails.headers(REPORTER_UID, TestGatewayConfig.TEAM_ADDRESS,
                "Signed takedown request", "sig-1@reporter.example"),
                PgpMails.reportEntity("Please take down 203.0.113.50 today."), REPORTER_UID);
        byte[] tampered = new String(signed, StandardCharsets.UTF_8).replace("203.0.113.50", "203.0.113.51")
                .getBytes(StandardCharsets.UTF_8);

        Mails.sendRaw(MAIL.getSmtp().getPort(), REPORTER, TestGatewayConfig.TEAM_ADDRESS, tampered);

        MessageView message = running.awaitTicketWithSubject("Signed takedown request").messages().get(0);
        assertThat(message.crypto().signature()).isEqualTo(CryptoStatus.BAD);
        assertThat(message.crypto().signatureDetail().code()).isEqualTo("bad");
        assertThat(message.crypto().signatureDetail().param(0)).contains("Rita Reporter");
    }

    @Test
    void reportEncryptedToAnUnknownKeyIsATicketNamingTheKeyIdItNeeded() throws Exception {
        byte[] report = PgpMails.encrypted(gpg, PgpMails.headers(REPORTER_UID, TestGatewayConfig.TEAM_ADDRESS,
                "Report for the wrong key", "wrong-1@reporter.example"), PgpMails.reportEntity("unreadable"),
                STRANGER_UID, null);

        Mails.sendRaw(MAIL.getSmtp().getPort(), REPORTER, TestGatewayConfig.TEAM_ADDRESS, report);

        MessageView message = running.awaitTicketWithSubject("Report for the wrong key").messages().get(0);
        assertThat(message.crypto().encryption()).isEqualTo(CryptoStatus.FAILED);
        assertThat(message.crypto().encryptionDetail().code()).isEqualTo("no-secret-key");
        assertThat(message.crypto().encryptionDetail().param(0)).contains("0x" + encryptionSubkeyId(STRANGER_UID));
        assertThat(new String(running.archivedOriginal(message.archiveSha256()),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).as("the archived original")
                    .contains("-----BEGIN PGP MESSAGE-----");
    }

    @Test
    void plainReportIsAnsweredSignedAndGnuPGVerifiesTheSignature() throws Exception {
        String reporter = "plain@isp.example";
        running.report(reporter, "Plain report",
                "Open resolver at 192.0.2.53.", "plain-1@isp.example", Map.of());

        running.awaitTicketWithSubject("Plain report");
        byte[] ack = raw(awaitAcknowledgementTo(reporter));

        RawMime.Entity top = RawMime.parse(ack);
        RawMime.ContentType type = top.contentType();
        assertThat(type.mimeType()).isEqualTo("multipart/signed");
        List<byte[]> parts = RawMime.parts(top.body(), type.boundary());
        Gpg.Result verified = gpg.verify(parts.get(0), RawMime.parse(parts.get(1)).decodedBody());
        assertThat(verified.status()).contains("GOODSIG").contains("VALIDSIG " + gpg.fingerprint(TEAM_UID));
    }

    private String encryptionSubkeyId(String userId) {
        String listing = new String(gpg.run(new byte[0], "--with-colons", "--list-keys", userId),
                StandardCharsets.UTF_8);
        for (String line : listing.split("\n")) {
            if (line.startsWith("sub:") && line.split(":")[11].contains("e")) {
                return line.split(":")[4];
            }
        }
        throw new IllegalStateException("no encryption subkey for " + userId);
    }

    private static byte[] encryptedPartOf(byte[] mail) throws Exception {
        RawMime.Entity top = RawMime.parse(mail);
        List<byte[]> parts = RawMime.parts(top.body(), top.contentType().boundary());
        return RawMime.parse(parts.get(1)).decodedBody();
    }

    private MimeMessage awaitAcknowledgementTo(String reporter) {
        return running.awaitMailTo(reporter);
    }

    private static byte[] raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

}
