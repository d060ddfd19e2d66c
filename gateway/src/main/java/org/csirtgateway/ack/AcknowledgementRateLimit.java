package org.csirtgateway.ack;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.csirtgateway.store.Sql;

/**
 * Caps acknowledgements per recipient address and per recipient domain in a sliding hour, so that a flood of reports
 * forging one victim's address cannot make the gateway mail that victim (backscatter). Counted from the outbox in
 * the database, inside the intake transaction, so the limits hold across restarts and concurrent intake.
 *
 * @param maxPerSenderPerHour acknowledgements to one address per hour (config acknowledgement.maxPerSenderPerHour)
 * @param maxPerDomainPerHour acknowledgements to one domain per hour (config acknowledgement.maxPerDomainPerHour)
 */
public record AcknowledgementRateLimit(int maxPerSenderPerHour, int maxPerDomainPerHour) {

    /** Generous enough for a busy peer team, tight enough that a forged flood yields a handful of mails. */
    public static final AcknowledgementRateLimit DEFAULT = new AcknowledgementRateLimit(5, 20);

    private static final Duration WINDOW = Duration.ofHours(1);

    public AcknowledgementRateLimit {
        if (maxPerSenderPerHour < 1 || maxPerDomainPerHour < 1) {
            throw new IllegalArgumentException("acknowledgement rate limits must be at least 1 per hour");
        }
    }

    /** Why no acknowledgement may go to {@code address} now, or empty when it may. */
    public Optional<String> refusal(Connection connection, String address, Instant now) throws SQLException {
        String recipient = address.toLowerCase(Locale.ROOT);
        Instant since = now.minus(WINDOW);
        long toSender = Sql.count(connection, """
                SELECT COUNT(*) FROM outbox
                 WHERE kind = 'acknowledgement' AND lower(recipient) = ? AND created_at > ?""", recipient, since);
        if (toSender >= maxPerSenderPerHour) {
            return Optional.of("rate limit: " + toSender + " acknowledgements went to " + recipient
                    + " in the last hour (acknowledgement.maxPerSenderPerHour = " + maxPerSenderPerHour + ")");
        }
        int at = recipient.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String domain = recipient.substring(at + 1);
        long toDomain = Sql.count(connection, """
                SELECT COUNT(*) FROM outbox
                 WHERE kind = 'acknowledgement' AND created_at > ?
                   AND lower(substr(recipient, instr(recipient, '@') + 1)) = ?""", since, domain);
        if (toDomain >= maxPerDomainPerHour) {
            return Optional.of("rate limit: " + toDomain + " acknowledgements went to addresses at " + domain
                    + " in the last hour (acknowledgement.maxPerDomainPerHour = " + maxPerDomainPerHour + ")");
        }
        return Optional.empty();
    }
}
