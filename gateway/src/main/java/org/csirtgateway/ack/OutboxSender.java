package org.csirtgateway.ack;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox over SMTP: due mail is sent, marked sent once the server accepted it, and retried with capped
 * exponential backoff when it is not. After {@link #MAX_ATTEMPTS} failures a mail is marked failed, visibly.
 *
 * <p>No acknowledgement twice: before a mail is handed to the SMTP server its row is committed as {@code sending}, and
 * only a definite answer moves it on ({@code sent}, or back to {@code pending} when the server refused it or the
 * connection failed). A row still {@code sending} at start-up means the gateway stopped (crash, SIGKILL, power loss)
 * while the server was receiving it, and whether the server accepted it cannot be known: {@link #recoverInterrupted}
 * marks it {@code uncertain}, visibly on its ticket, and it is never resent automatically. So a mail the server
 * accepted is never sent again; the price is at most one mail per crash that a person checks (and resends by hand).
 */
public final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    static final int MAX_ATTEMPTS = 12;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY = Duration.ofHours(1);

    private final Database database;
    private final SmtpSettings smtp;
    private final Clock clock;
    private final GatewayMetrics metrics;

    public OutboxSender(Database database, SmtpSettings smtp, Clock clock) {
        this(database, smtp, clock, new GatewayMetrics());
    }

    public OutboxSender(Database database, SmtpSettings smtp, Clock clock, GatewayMetrics metrics) {
        this.database = database;
        this.smtp = smtp;
        this.clock = clock;
        this.metrics = metrics;
    }

    private record Due(long id, String ticketId, String kind, String recipient, byte[] mime, int attempts) {
    }

    /**
     * Marks every mail left {@code sending} by a previous run {@code uncertain} (see the class comment). Call once at
     * start-up, before the first {@link #sendDue}. Returns the ticket IDs concerned.
     */
    public List<String> recoverInterrupted() {
        Instant now = clock.instant();
        List<String> tickets = database.inTransaction(connection -> {
            List<String> interrupted = Sql.list(connection,
                    "SELECT ticket_id FROM outbox WHERE state = 'sending' ORDER BY id", row -> row.getString(1));
            Sql.update(connection, """
                    UPDATE outbox SET state = 'uncertain', next_attempt_at = ?,
                           last_error = 'The gateway stopped while the SMTP server was receiving this mail; it may '
                                     || 'have been delivered. Not resent automatically, to never send it twice.'
                     WHERE state = 'sending'""", now);
            return interrupted;
        });
        if (!tickets.isEmpty()) {
            LOG.warn("{} acknowledgement(s) interrupted by the last stop may or may not have been delivered and are "
                    + "not resent automatically: {}", tickets.size(), tickets);
        }
        return tickets;
    }

    /** Sends everything due now; returns how many were accepted by the server. */
    public int sendDue() {
        List<Due> due = database.read(connection -> Sql.list(connection, """
                SELECT id, ticket_id, kind, recipient, mime, attempts FROM outbox
                 WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT 100""",
                row -> new Due(row.getLong("id"), row.getString("ticket_id"), row.getString("kind"),
                        row.getString("recipient"), row.getBytes("mime"), row.getInt("attempts")), clock.instant()));
        if (due.isEmpty()) {
            return 0;
        }
        Session session = Session.getInstance(properties());
        int sent = 0;
        try (Transport transport = session.getTransport(smtp.security().equals("smtps") ? "smtps" : "smtp")) {
            transport.connect(smtp.host(), smtp.port(), blankToNull(smtp.user()), blankToNull(smtp.password()));
            for (Due mail : due) {
                if (send(transport, session, mail)) {
                    sent++;
                }
            }
        } catch (MessagingException e) {
            // The server is unreachable: every due mail waits for its next attempt.
            LOG.warn("SMTP server {}:{} unavailable, {} mail(s) wait: {}", smtp.host(), smtp.port(), due.size(),
                    e.getMessage());
            due.forEach(mail -> retryLater(mail, "SMTP server unavailable: " + e.getMessage()));
        }
        return sent;
    }

    private boolean send(Transport transport, Session session, Due mail) {
        int claimed = database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET state = 'sending' WHERE id = ? AND state = 'pending'", mail.id()));
        if (claimed == 0) {
            return false;
        }
        long started = System.nanoTime();
        try {
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(mail.mime()));
            transport.sendMessage(message, new Address[] {new InternetAddress(mail.recipient(), true)});
            metrics.stage(GatewayMetrics.SEND, started);
            if (Outbox.ACKNOWLEDGEMENT.equals(mail.kind())) {
                metrics.acknowledgementSent();
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Mail for {} not accepted: {}", mail.ticketId(), e.getMessage());
            retryLater(mail, e.getMessage());
            return false;
        }
        // Accepted by the server. Should recording that fail, the row stays 'sending' and becomes 'uncertain' at the
        // next start: never sent again.
        Instant now = clock.instant();
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL "
                        + "WHERE id = ?", now, mail.id()));
        LOG.info("Mail ({}) for {} accepted by the SMTP server", mail.kind(), mail.ticketId());
        return true;
    }

    private void retryLater(Due mail, String error) {
        if (Outbox.ACKNOWLEDGEMENT.equals(mail.kind())) {
            metrics.acknowledgementFailed();
        }
        int attempts = mail.attempts() + 1;
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        if (delay.compareTo(MAX_RETRY) > 0) {
            delay = MAX_RETRY;
        }
        Instant next = clock.instant().plus(delay);
        String state = attempts >= MAX_ATTEMPTS ? "failed" : "pending";
        String reason = error == null ? "unknown error" : error.length() > 500 ? error.substring(0, 500) : error;
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ? "
                        + "WHERE id = ? AND state IN ('pending', 'sending')",
                attempts, next, reason, state, mail.id()));
    }

    private Properties properties() {
        Properties props = new Properties();
        String prefix = smtp.security().equals("smtps") ? "mail.smtps." : "mail.smtp.";
        props.put(prefix + "host", smtp.host());
        props.put(prefix + "port", String.valueOf(smtp.port()));
        props.put(prefix + "auth", String.valueOf(!smtp.user().isBlank()));
        props.put(prefix + "connectiontimeout", "10000");
        props.put(prefix + "timeout", "30000");
        props.put(prefix + "writetimeout", "30000");
        if (smtp.security().equals("starttls")) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (!smtp.security().equals("plain")) {
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
