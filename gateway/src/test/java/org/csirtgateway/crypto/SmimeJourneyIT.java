package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.OpenSsl;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.MessageView;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over IMAP with OpenSSL as the reporter's mail program: an S/MIME report encrypted to the team's
 * certificate and signed by a reporter whose CA the team trusts becomes a ticket with its decrypted text searchable,
 * decrypted and with a good signature; the acknowledgement goes out S/MIME-signed, and OpenSSL verifies it.
 */
class SmimeJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REPORTER = "rita@reporter.example";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    static Path certificates;
    @TempDir
    Path dataDir;

    private static OpenSsl openssl;
    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @BeforeAll
    static void makeCertificatesWithOpenSsl() {
        assumeTrue(OpenSsl.available(), "openssl is not installed");
        openssl = OpenSsl.in(certificates);
        openssl.ca("ca", "/CN=Reporters CA");
        openssl.person("team", "Example CSIRT", TestGatewayConfig.TEAM_ADDRESS, "ca");
        openssl.person("reporter", "Rita Reporter", REPORTER, "ca");
        openssl.pkcs12("team", "team-secret");
        openssl.write("passphrase", "team-secret\n");
        openssl.write("entity.txt", "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Ransomware at the city hospital: the C2 is 198.51.100.91 (kerberoasting first).\r\n");
    }

    @Test
    void aSignedAndEncryptedSmimeReportBecomesADecryptedTicketWithAGoodSignature() throws Exception {
        Gateway gateway = running.start(dataDir, Map.of("smime.keyStores", openssl.file("team.p12").toString(),
                "smime.passphraseFile", openssl.file("passphrase").toString(),
                "smime.trustStore", openssl.file("ca.pem").toString()));
        openssl.write("signed.msg", new String(openssl.run("cms", "-sign", "-in", "entity.txt", "-signer",
                "reporter.pem", "-inkey", "reporter.key"), StandardCharsets.UTF_8));
        byte[] encrypted = openssl.run("cms", "-encrypt", "-in", "signed.msg", "-aes256", "-from", REPORTER, "-to",
                TestGatewayConfig.TEAM_ADDRESS, "-subject", "S/MIME incident report", "team.pem");
        byte[] report = ("Message-ID: <smime-journey@reporter.example>\r\nDate: Tue, 08 Dec 2026 03:00:00 +0000\r\n"
                + new String(encrypted, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

        Mails.sendRaw(MAIL.getSmtp().getPort(), REPORTER, TestGatewayConfig.TEAM_ADDRESS, report);

        TicketDetail ticket = running.awaitTicketWithSubject("S/MIME incident report");
        MessageView message = ticket.messages().get(0);
        assertThat(message.bodyText()).contains("198.51.100.91");
        assertThat(message.crypto().encryption()).isEqualTo(CryptoStatus.DECRYPTED);
        assertThat(message.crypto().encryptionDetail().code()).isEqualTo("smime-decrypted");
        assertThat(message.crypto().signature()).isEqualTo(CryptoStatus.GOOD);
        assertThat(message.crypto().signerUserId()).isEqualTo("Rita Reporter <" + REPORTER + ">");
        assertThat(message.crypto().notes()).isEmpty();
        assertThat(Eventually.await("the decrypted text is indexed", WAIT, () -> {
            try {
                var hits = gateway.tickets().search("kerberoasting", 10, 0).tickets();
                return hits.isEmpty() ? null : hits;
            } catch (org.csirtgateway.index.InvalidQueryException e) {
                throw new IllegalStateException(e);
            }
        })).extracting(hit -> hit.ticket().id()).containsExactly(ticket.summary().id());

        java.io.ByteArrayOutputStream ack = new java.io.ByteArrayOutputStream();
        running.awaitMailTo(REPORTER).writeTo(ack);
        java.nio.file.Files.write(certificates.resolve("ack.eml"), ack.toByteArray());
        String verified = new String(openssl.run("cms", "-verify", "-in", "ack.eml", "-CAfile", "ca.pem",
                "-purpose", "any"), StandardCharsets.UTF_8);
        assertThat(verified).contains(ticket.summary().id());
    }
}
