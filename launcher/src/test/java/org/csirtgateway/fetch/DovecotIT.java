package org.csirtgateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.store.Sql;
import org.csirtgateway.localmail.DovecotServer;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.MailboxClient;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.localmail.PrivateCa;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a real Dovecot (not only GreenMail): IMAPS and STARTTLS with a certificate from the team's
 * private CA trusted through imap.trustStore (and refused without it), IDLE, MOVE to the processed folder, and a
 * UIDVALIDITY change.
 * Skipped when Dovecot is not installed locally; fails when it is missing in CI (CI=true), where .ci/run installs it.
 */
class DovecotIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "csirt@example.org";
    private static final String PASSWORD = "dovecot-mailbox-secret";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            com.icegreen.greenmail.util.ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    static Path serverDir;

    private static PrivateCa ca;
    private static DovecotServer dovecot;

    @TempDir
    Path dataDir;

    private Gateway gateway;

    @BeforeAll
    static void startDovecot() throws Exception {
        if (!DovecotServer.installed()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Dovecot (" + DovecotServer.BINARY + ") is missing in CI: .ci/run installs dovecot-imapd");
            }
            Assumptions.abort("Dovecot is not installed here (apt-get install dovecot-imapd)");
        }
        Path caDir = Files.createDirectories(serverDir.resolve("ca"));
        ca = PrivateCa.create(caDir);
        dovecot = DovecotServer.start(serverDir.resolve("dovecot"), ca, USER, PASSWORD);
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void imapsWithThePrivateCaIdleAndMoveTakeEveryReport() throws Exception {
        try (MailboxClient mailbox = client()) {
            start(Map.of("imap.trustStore", ca.trustStore.toString(), "imap.trustStorePassword",
                    ca.trustStorePassword, "imap.processedFolder", "Processed", "imap.pollSeconds", "300"));
            Eventually.await("the first poll over IMAPS", WAIT, () -> channel().lastSuccessfulPoll());

            long appended = System.nanoTime();
            mailbox.append("INBOX", List.of(report(1), report(2), report(3)));
            awaitTickets(3);

            assertThat(Duration.ofNanos(System.nanoTime() - appended)).as("taken with IDLE, not the 300 s poll")
                    .isLessThan(Duration.ofSeconds(20));
            Eventually.await("all three moved to Processed", WAIT, () -> mailbox.count("Processed") == 3);
            assertThat(mailbox.count("INBOX")).isZero();
            assertThat(channel().connected()).isTrue();
        }
    }

    @Test
    void starttlsWithThePrivateCaUpgradesTheConnectionBeforeLoggingIn() throws Exception {
        try (MailboxClient mailbox = client()) {
            mailbox.append("Starttls", List.of(report(30)));
            start(Map.of("imap.security", "starttls", "imap.port", String.valueOf(dovecot.starttlsPort()),
                    "imap.trustStore", ca.trustStore.toString(), "imap.trustStorePassword", ca.trustStorePassword,
                    "imap.folder", "Starttls"));

            awaitTickets(1);
            assertThat(channel().connected()).isTrue();
            // Dovecot (ssl = required, disable_plaintext_auth) lets nobody log in before STARTTLS.
            assertThat(dovecot.log()).doesNotContain("disallowed plaintext");
        }
    }

    @Test
    void serverCertificateFromAPrivateCaIsRefusedWithoutTheTrustStore() throws Exception {
        try (MailboxClient mailbox = client()) {
            mailbox.append("Untrusted", List.of(report(10)));
            start(Map.of("imap.folder", "Untrusted"));

            ChannelHealth refused = Eventually.await("the TLS handshake refused", WAIT, () ->
                    channel().lastError() != null ? channel() : null);

            assertThat(refused.lastError()).containsAnyOf("PKIX", "certification path", "certificate");
            assertThat(refused.connected()).isFalse();
            assertThat(gateway.tickets().list(10, 0).total()).isZero();
            assertThat(mailbox.count("Untrusted")).isEqualTo(1);
            assertThat(mailbox.seen("Untrusted")).isZero();
        }
    }

    @Test
    void uidValidityChangeOnDovecotScansAgainButCreatesNothingNew() throws Exception {
        List<byte[]> reports = List.of(report(20), report(21));
        try (MailboxClient mailbox = client()) {
            mailbox.append("Reports", reports);
            long before = mailbox.uidValidity("Reports");
            start(Map.of("imap.trustStore", ca.trustStore.toString(), "imap.trustStorePassword",
                    ca.trustStorePassword, "imap.folder", "Reports", "imap.pollSeconds", "1"));
            awaitTickets(2);

            mailbox.delete("Reports");
            // As in a server migration, the folder is gone for a moment before it is back with a new UIDVALIDITY
            // (re-creating it within the same instant races Dovecot's own index handling of the deleted folder).
            Thread.sleep(3000);
            List<byte[]> again = new ArrayList<>(reports);
            again.add(report(22));
            mailbox.append("Reports", again);
            assertThat(mailbox.uidValidity("Reports")).isNotEqualTo(before);

            awaitTickets(3);
            Eventually.await("all three flagged \\Seen", WAIT, () -> mailbox.seen("Reports") == 3);
        }
        assertThat(gateway.tickets().list(10, 0).total()).isEqualTo(3);
        long kept = gateway.database().read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM raw_messages"));
        assertThat(kept).isEqualTo(3);
    }

    private void start(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(TestGatewayConfig.values(SMTP, dataDir));
        values.put("imap.host", "127.0.0.1");
        values.put("imap.port", String.valueOf(dovecot.port()));
        values.put("imap.security", "imaps");
        values.put("imap.allowPlain", "false");
        values.put("imap.user", USER);
        values.put("imap.password", PASSWORD);
        values.putAll(overrides);
        GatewayConfig config = new ConfigLoader(Map.of()).fromValues(values);
        gateway = new Gateway(config, Clock.systemUTC());
        gateway.start();
    }

    private static MailboxClient client() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", ca.clientContext().getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        try {
            return new MailboxClient(properties, "imaps", dovecot.port(), USER, PASSWORD);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; Dovecot log:\n" + dovecot.log(), e);
        }
    }

    private static byte[] report(int n) {
        return Mails.raw("reporter" + n + "@isp.example", USER, "Dovecot report " + n, "Details of report " + n,
                "dovecot-" + n + "@isp.example");
    }

    private ChannelHealth channel() {
        return gateway.health().channels().get(0);
    }

    private void awaitTickets(int count) {
        try {
            Eventually.await(count + " tickets", WAIT, () -> gateway.tickets().list(100, 0).total() >= count);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; health: " + gateway.health() + "; Dovecot errors:\n"
                    + String.join("\n", dovecot.log().lines().filter(line -> line.contains("rror")).toList()), e);
        }
    }
}
