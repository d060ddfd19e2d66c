package org.csirtgateway.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.fetch.ImapPoller;
import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Server outages mid-run, with real servers stopped and started again on the same ports: the mailbox (IMAP) going
 * away makes the gateway reconnect with backoff and resume, logging one line for the outage, not one per retry; the
 * SMTP relay going away makes acknowledgements wait in the outbox and go out after recovery, none twice. Both back
 * off from 0.2 s up to 1 s here (imap.retry.*, smtp.retry.*), so the outages see several retries in seconds.
 */
class OutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Short backoff for both servers, and more SMTP attempts than any wait of this test takes. */
    private static final Map<String, String> SHORT_BACKOFF = Map.of(
            "imap.retry.initialSeconds", "0.2", "imap.retry.capSeconds", "1",
            "smtp.retry.initialSeconds", "0.2", "smtp.retry.capSeconds", "1", "smtp.maxAttempts", "1000");
    private static final Pattern TICKET = Pattern.compile("CSIRT#\\d{4}-\\d{6}");

    @TempDir
    Path dataDir;

    private GreenMail mailbox;
    private GreenMail relay;
    private Gateway gateway;
    private final ListAppender<ILoggingEvent> pollerLog = new ListAppender<>();

    @AfterEach
    void stopEverything() {
        ((Logger) LoggerFactory.getLogger(ImapPoller.class)).detachAppender(pollerLog);
        if (gateway != null) {
            gateway.close();
        }
        if (mailbox != null) {
            mailbox.stop();
        }
        if (relay != null) {
            relay.stop();
        }
    }

    @Test
    void gatewayResumesAfterImapAndSmtpOutagesAndSendsEveryAcknowledgementOnce() throws Exception {
        mailbox = new GreenMail(new ServerSetup[] {
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        relay = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailbox.start();
        relay.start();
        pollerLog.start();
        ((Logger) LoggerFactory.getLogger(ImapPoller.class)).addAppender(pollerLog);
        Map<String, String> config = new HashMap<>(SHORT_BACKOFF);
        config.put("smtp.port", String.valueOf(relay.getSmtp().getPort()));
        gateway = new Gateway(TestGatewayConfig.create(mailbox, dataDir, config), Clock.systemUTC());
        GreenMailUser inbox = mailbox.getUserManager().getUser(TestGatewayConfig.TEAM_ADDRESS);
        gateway.start();

        deliver(inbox, 1);
        awaitTickets(1);
        awaitAcknowledgements(1);

        // The mailbox goes away for a while, then comes back (GreenMail forgets its users and mail when restarted,
        // as a rebuilt server would: the mailbox is set up again, with a new UIDVALIDITY).
        mailbox.stop();
        Eventually.await("the outage noticed", WAIT, () -> channel().lastError() != null);
        Thread.sleep(2000); // reconnection attempts 0.2 s, 0.4 s, 0.8 s and 1 s apart: several fail
        mailbox.start();
        inbox = mailbox.setUser(TestGatewayConfig.TEAM_ADDRESS, TestGatewayConfig.TEAM_ADDRESS,
                TestGatewayConfig.MAILBOX_PASSWORD);
        deliver(inbox, 2);
        awaitTickets(2);
        awaitAcknowledgements(2);
        Eventually.await("the channel healthy again", WAIT, () -> channel().lastError() == null
                && channel().connected());
        assertThat(warnings("unavailable")).as("log lines for one IMAP outage").hasSize(1);
        assertThat(warnings("reachable again")).hasSize(1);

        // The SMTP relay goes away; two reports are ticketed meanwhile and their acknowledgements wait. (GreenMail
        // forgets what it received when restarted, so what it had is counted first.)
        Map<String, Integer> beforeSmtpOutage = acknowledgementsPerTicket();
        relay.stop();
        deliver(inbox, 3);
        deliver(inbox, 4);
        awaitTickets(4);
        try {
            Eventually.await("acknowledgements waiting in the outbox", WAIT,
                    () -> gateway.health().pendingAcknowledgements() == 2);
            Eventually.await("each waiting acknowledgement tried three times", WAIT, () -> gateway.database().read(
                    connection -> Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND "
                            + "attempts >= 3")) == 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; outbox: " + gateway.database().read(connection -> Sql.list(
                    connection, "SELECT ticket_id || ' ' || state || ' ' || attempts || ' ' "
                            + "|| COALESCE(last_error, '') FROM outbox", row -> row.getString(1))), e);
        }
        relay.start();

        // The outbox retries at most 1 s apart, so the waiting acknowledgements go out within about a second.
        Eventually.await("acknowledgements of the two waiting tickets", WAIT,
                () -> acknowledgementsPerTicket().size() >= 2);
        Thread.sleep(2000);
        Map<String, Integer> all = new HashMap<>(beforeSmtpOutage);
        acknowledgementsPerTicket().forEach((ticket, count) -> all.merge(ticket, count, Integer::sum));
        assertThat(all).hasSize(4).allSatisfy((ticket, count) -> assertThat(count).as(ticket).isEqualTo(1));
        assertThat(gateway.health().pendingAcknowledgements()).isZero();
    }

    private static void deliver(GreenMailUser inbox, int n) {
        MimeMessage report = Mails.message(Session.getInstance(new Properties()), "reporter" + n + "@isp.example",
                TestGatewayConfig.TEAM_ADDRESS, "Outage report " + n, "Details " + n, "outage-" + n + "@isp.example",
                Map.of());
        inbox.deliver(report);
    }

    private ChannelHealth channel() {
        return gateway.health().channels().get(0);
    }

    private void awaitTickets(int count) {
        try {
            Eventually.await(count + " tickets", WAIT, () -> gateway.tickets().list(100, 0).total() >= count);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; health: " + gateway.health(), e);
        }
    }

    private Map<String, Integer> awaitAcknowledgements(int tickets) {
        return Eventually.await(tickets + " tickets acknowledged", WAIT, () -> {
            Map<String, Integer> perTicket = acknowledgementsPerTicket();
            return perTicket.size() >= tickets ? perTicket : null;
        });
    }

    private Map<String, Integer> acknowledgementsPerTicket() {
        Map<String, Integer> perTicket = new HashMap<>();
        for (MimeMessage ack : relay.getReceivedMessages()) {
            try {
                Matcher ticket = TICKET.matcher(ack.getSubject());
                if (ticket.find()) {
                    perTicket.merge(ticket.group(), 1, Integer::sum);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return perTicket;
    }

    private List<String> warnings(String containing) {
        return pollerLog.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains(containing))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
