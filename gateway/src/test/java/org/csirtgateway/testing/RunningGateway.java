package org.csirtgateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gateway a journey test runs: started on a test's data directory against the test's GreenMail (IMAP in, SMTP
 * out), stopped after each test once nothing is pending, plus what every journey does with it: mail a report to
 * the team, wait for its ticket, look at the mail that went out.
 *
 * <pre>
 * &#64;RegisterExtension static final GreenMailExtension MAIL = ...;
 * &#64;RegisterExtension final RunningGateway running = new RunningGateway(MAIL);
 * </pre>
 * Registered after GreenMail, so the gateway stops before the mail server does.
 */
public final class RunningGateway implements AfterEachCallback {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private final GreenMailExtension mail;
    private Gateway gateway;
    private Path dataDir;

    public RunningGateway(GreenMailExtension mail) {
        this.mail = mail;
    }

    /** Starts the gateway with the test configuration in {@code dataDir}. */
    public Gateway start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** As {@link #start(Path)}, with some configuration keys replaced or added. */
    public Gateway start(Path dataDir, Map<String, String> overrides) {
        if (gateway != null) {
            throw new IllegalStateException("the gateway is already running; stop() it first");
        }
        gateway = new Gateway(TestGatewayConfig.create(mail, dataDir, overrides), Clock.systemUTC());
        this.dataDir = dataDir;
        gateway.start();
        return gateway;
    }

    /** The original bytes the running gateway keeps in its archive under {@code sha256}. */
    public byte[] archivedOriginal(String sha256) throws IOException {
        try (InputStream in = new RawArchive(dataDir.resolve("archive"), gateway().database()).open(sha256)) {
            return in.readAllBytes();
        }
    }

    public Gateway gateway() {
        if (gateway == null) {
            throw new IllegalStateException("the gateway was not started");
        }
        return gateway;
    }

    /** Stops the gateway once no kept message is left unprocessed. */
    public void stop() {
        if (gateway != null) {
            try {
                Eventually.quiet(gateway);
            } finally {
                gateway.close();
                gateway = null;
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Mails a report to the team over SMTP; {@code messageId} may be null. */
    public void report(String from, String subject, String body, String messageId, Map<String, String> headers) {
        Mails.send(mail.getSmtp().getPort(), from, TestGatewayConfig.TEAM_ADDRESS, subject, body, messageId, headers);
    }

    /** The ticket whose subject is {@code subject}, once there is one. */
    public TicketDetail awaitTicketWithSubject(String subject) {
        return Eventually.await("a ticket with subject " + subject, WAIT, () ->
                gateway().tickets().list(500, 0).tickets().stream()
                        .filter(hit -> hit.ticket().subject().equals(subject)).findFirst()
                        .flatMap(hit -> gateway().tickets().find(hit.ticket().id())).orElse(null));
    }

    /** Every mail GreenMail received for {@code address} so far. */
    public List<MimeMessage> mailTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> recipients(m).contains(address)).toList();
    }

    /** The first mail to {@code address}, once there is one. */
    public MimeMessage awaitMailTo(String address) {
        return Eventually.await("mail to " + address, WAIT, () -> mailTo(address).stream().findFirst().orElse(null));
    }

    /** The recipients of {@code message} as one string ("" when they cannot be read). */
    public static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (MessagingException e) {
            return "";
        }
    }
}
