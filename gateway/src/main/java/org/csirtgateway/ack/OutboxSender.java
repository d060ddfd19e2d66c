package org.csirtgateway.ack;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * Delivers the outbox over SMTP: due mail is sent over one connection per round, marked sent once the server accepted
 * it, and retried with capped exponential backoff ({@link SmtpSettings#retry()}) when the server is unavailable or
 * answers with a temporary error (4xx). At the policy's last attempt a mail is marked failed, visibly. A mail the
 * server refuses permanently (a 5xx reply to its recipient or its content, or a recipient address no server can take)
 * is marked failed at once, with the server's reason on its ticket: retrying cannot help, and it is not an outage.
 *
 * <p>No acknowledgement twice: before a mail is handed to the SMTP server its row is committed as {@code sending}, and
 * only a definite answer moves it on ({@code sent}, {@code failed}, or back to {@code pending} when the server refused
 * it for now or the connection failed). A row still {@code sending} at start-up means the gateway stopped (crash,
 * SIGKILL, power loss) while the server was receiving it, and whether the server accepted it cannot be known:
 * {@link #recoverInterrupted} marks it {@code uncertain}, visibly on its ticket, and it is never resent automatically.
 * So a mail the server accepted is never sent again; the price is at most one mail per crash that a person checks (and
 * resends by hand).
 *
 * <p>Cost: one transaction (one forced write) per mail, which records the previous mail sent and claims the next one
 * together, so at most one mail is ever {@code sending}. Claiming a whole round at once would save those writes but
 * leave every mail of the round {@code uncertain} after a crash. No transaction is held while talking to the server,
 * so intake never waits for the network.
 */
public final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    /** Mails sent per round over one connection. */
    static final int ROUND = 100;
    private static final int MAX_REASON = 500;
    /**
     * The next round: the mails due earliest first (in the order queued when due at the same time). outbox_pending
     * (state, next_attempt_at) holds them in exactly that order, so SQLite reads the round off it and stops after it,
     * however long the queue: after an outage with every mail due, and during one with none due. Ordered by id instead,
     * it sorted every due mail on each round, or walked every pending one to find none due.
     */
    static final String DUE = """
            SELECT id, ticket_id, kind, recipient, mime, attempts FROM outbox
             WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?""";

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

    /** A mail the server accepted, not yet recorded as sent. */
    private record Accepted(Due mail, Instant at) {
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

    /** Sends everything due now (up to {@link #ROUND} mails); returns how many were accepted by the server. */
    public int sendDue() {
        List<Due> due = database.read(connection -> Sql.list(connection, DUE,
                row -> new Due(row.getLong("id"), row.getString("ticket_id"), row.getString("kind"),
                        row.getString("recipient"), row.getBytes("mime"), row.getInt("attempts")), clock.instant(),
                ROUND));
        if (due.isEmpty()) {
            return 0;
        }
        Session session = Session.getInstance(properties());
        Transport transport;
        try {
            transport = session.getTransport(smtp.security().equals("smtps") ? "smtps" : "smtp");
            transport.connect(smtp.host(), smtp.port(), blankToNull(smtp.user()), blankToNull(smtp.password()));
        } catch (MessagingException e) {
            // The server is unreachable: every due mail waits for its next attempt.
            LOG.warn("SMTP server {}:{} unavailable, {} mail(s) wait: {}", smtp.host(), smtp.port(), due.size(),
                    e.getMessage());
            retryLater(due, "SMTP server unavailable: " + e.getMessage());
            return 0;
        }
        int sent = 0;
        Accepted accepted = null;
        try {
            for (Due mail : due) {
                Accepted previous = accepted;
                accepted = null;
                // One transaction: the previous mail recorded sent, this one claimed. Should it fail, the previous
                // stays 'sending' and becomes 'uncertain' at the next start: never sent again.
                boolean claimed = database.inTransaction(connection -> {
                    if (previous != null) {
                        recordSent(connection, previous);
                    }
                    return Sql.update(connection,
                            "UPDATE outbox SET state = 'sending' WHERE id = ? AND state = 'pending'", mail.id()) > 0;
                });
                if (previous != null) {
                    sent++;
                    acceptedLog(previous.mail());
                }
                if (!claimed) {
                    continue;
                }
                accepted = send(transport, session, mail);
                if (accepted == null && !transport.isConnected()) {
                    break; // the connection is gone: the rest wait for the next round, untouched
                }
            }
        } finally {
            if (accepted != null) {
                Accepted last = accepted;
                database.inTransaction(connection -> {
                    recordSent(connection, last);
                    return null;
                });
                sent++;
                acceptedLog(last.mail());
            }
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The mails are accounted for; a failing QUIT changes nothing.
            }
        }
        return sent;
    }

    /** Hands one claimed mail to the server; the acceptance, or null when it was not accepted (then recorded). */
    private Accepted send(Transport transport, Session session, Due mail) {
        long started = System.nanoTime();
        try {
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(mail.mime()));
            transport.sendMessage(message, new Address[] {new InternetAddress(mail.recipient(), true)});
        } catch (MessagingException | RuntimeException e) {
            Optional<String> refusal = SmtpRefusal.permanent(e);
            if (refusal.isPresent()) {
                refused(mail, refusal.get());
            } else {
                LOG.warn("Mail ({}) for {} not accepted, retrying later: {}", mail.kind(), mail.ticketId(),
                        SmtpRefusal.describe(e));
                retryLater(List.of(mail), SmtpRefusal.describe(e));
            }
            return null;
        }
        metrics.stage(GatewayMetrics.SEND, started);
        if (Outbox.ACKNOWLEDGEMENT.equals(mail.kind())) {
            metrics.acknowledgementSent();
        }
        return new Accepted(mail, clock.instant());
    }

    private static void recordSent(java.sql.Connection connection, Accepted accepted) throws java.sql.SQLException {
        Sql.update(connection, "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, "
                + "last_error = NULL WHERE id = ?", accepted.at(), accepted.mail().id());
    }

    private static void acceptedLog(Due mail) {
        LOG.info("Mail ({}) for {} accepted by the SMTP server", mail.kind(), mail.ticketId());
    }

    /** The server refused the mail for good: failed now, with its reason, never retried. */
    private void refused(Due mail, String reason) {
        String bounded = bounded(reason);
        LOG.warn("Mail ({}) for {} refused by the SMTP server, not retried: {}", mail.kind(), mail.ticketId(),
                bounded);
        metrics.outgoingRefused();
        if (Outbox.ACKNOWLEDGEMENT.equals(mail.kind())) {
            metrics.acknowledgementFailed();
        }
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = 'failed' "
                        + "WHERE id = ? AND state IN ('pending', 'sending')", bounded, mail.id()));
    }

    /** Not delivered this time: each mail waits for its next attempt, or is failed after its last one. */
    private void retryLater(List<Due> mails, String error) {
        String reason = bounded(error == null ? "unknown error" : error);
        Instant now = clock.instant();
        for (Due mail : mails) {
            if (Outbox.ACKNOWLEDGEMENT.equals(mail.kind())) {
                metrics.acknowledgementFailed();
            }
        }
        database.inTransaction(connection -> {
            for (Due mail : mails) {
                int attempts = mail.attempts() + 1;
                String state = smtp.retry().givesUpAfter(attempts) ? "failed" : "pending";
                Sql.update(connection, "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, "
                        + "state = ? WHERE id = ? AND state IN ('pending', 'sending')", attempts,
                        now.plus(smtp.retry().delayAfter(attempts)), reason, state, mail.id());
            }
            return null;
        });
    }

    private static String bounded(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
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
