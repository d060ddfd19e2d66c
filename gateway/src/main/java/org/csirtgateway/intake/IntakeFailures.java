package org.csirtgateway.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.retry.RetryPolicy;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failed stage becomes an outcome, logged once:
 * <ul>
 *   <li>the message is not readable MIME ({@link ParseException}): quarantined at once, kept, with the parser's
 *       reason; trying again cannot help;</li>
 *   <li>anything else at the archive, parse or ticket stage (a parser bug, a database error, a ticket stage
 *       exception): the attempt is counted on the message and it is retried with backoff ({@link RetryPolicy},
 *       {@code intake.retry.*}); after {@code intake.maxAttempts} failures it is quarantined with a reason naming the
 *       stage, the number of attempts and the last error;</li>
 *   <li>indexing failed: the ticket stands; the index is rebuildable from the database and archive.</li>
 * </ul>
 * A failure never stops the messages behind it: the worker moves on to the next one.
 */
final class IntakeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeFailures.class);
    private static final int MAX_REASON = 1000;

    enum Stage {
        READ_ARCHIVE("Reading the archived original"),
        PARSE("Parsing"),
        STORE_ATTACHMENTS("Storing the attachments"),
        TICKET("Placing on a ticket"),
        INDEX("Indexing");

        private final String description;

        Stage(String description) {
            this.description = description;
        }
    }

    /** What became of the failed message. */
    enum Outcome { RETRY_SCHEDULED, QUARANTINED, TICKETED_NOT_INDEXED, UNRECORDED }

    private final Database database;
    private final Clock clock;
    private final RetryPolicy retry;
    private final GatewayMetrics metrics;

    IntakeFailures(Database database, Clock clock, RetryPolicy retry, GatewayMetrics metrics) {
        this.database = database;
        this.clock = clock;
        this.retry = retry;
        this.metrics = metrics;
    }

    /** Indexing a batch failed: the tickets stand, the messages stay in the index backlog and are tried again. */
    void indexingFailed(Exception failure) {
        LOG.error("Indexing failed ({}); the tickets stand and their messages are indexed at the next attempt",
                describe(failure));
    }

    /** Near-duplicate proposals for new tickets failed: the tickets stand, without proposals. */
    void proposalsFailed(int tickets, Exception failure) {
        LOG.error("Near-duplicate proposals for {} new ticket(s) failed ({}); the tickets stand without them", tickets,
                describe(failure));
    }

    /** The search index could not be committed: the tickets stand; the next start re-indexes what is missing. */
    void indexCommitFailed(Exception failure) {
        LOG.error("Search index commit failed ({}); the tickets are kept, reindex to repair", failure.getMessage());
    }

    Outcome handle(long rawId, Stage stage, Exception failure) {
        if (stage == Stage.INDEX) {
            LOG.error("Raw message {} is ticketed but could not be indexed ({}); reindex to repair",
                    rawId, failure.getMessage());
            return Outcome.TICKETED_NOT_INDEXED;
        }
        if (failure instanceof ParseException) {
            return quarantine(rawId, failure.getMessage(), 1);
        }
        String error = describe(failure);
        int attempts;
        try {
            attempts = database.read(connection -> Sql.one(connection,
                    "SELECT attempts FROM raw_messages WHERE id = ?", row -> row.getInt(1), rawId)).orElse(0) + 1;
        } catch (StoreException e) {
            LOG.error("Raw message {} stays pending: {} failed ({}) and the database is unavailable ({})", rawId,
                    stage.description, error, e.getMessage());
            return Outcome.UNRECORDED;
        }
        if (retry.givesUpAfter(attempts)) {
            return quarantine(rawId, stage.description + " failed " + attempts + " time(s); last error: " + error,
                    attempts);
        }
        Instant next = clock.instant().plus(retry.delayAfter(attempts));
        String of = retry.maxAttempts().isPresent() ? " of " + retry.maxAttempts().getAsInt() : "";
        String reason = bounded("Attempt " + attempts + of + " failed: " + stage.description + ": " + error);
        LOG.warn("Raw message {}: {}; retrying at {}", rawId, reason, next);
        try {
            database.inTransaction(connection -> Sql.update(connection, """
                    UPDATE raw_messages SET attempts = ?, next_attempt_at = ?, failure = ?
                     WHERE id = ? AND state = 'pending'""", attempts, next, reason, rawId));
            return Outcome.RETRY_SCHEDULED;
        } catch (StoreException e) {
            LOG.error("Raw message {} stays pending: could not record the failed attempt ({})", rawId,
                    e.getMessage());
            return Outcome.UNRECORDED;
        }
    }

    private Outcome quarantine(long rawId, String reason, int attempts) {
        String bounded = bounded(reason);
        LOG.warn("Raw message {} quarantined: {}", rawId, bounded);
        try {
            database.inTransaction(connection -> Sql.update(connection, """
                    UPDATE raw_messages SET state = 'quarantined', failure = ?, attempts = ?, next_attempt_at = NULL,
                                            quarantined_at = ?
                     WHERE id = ? AND state = 'pending'""", bounded, attempts, clock.instant(), rawId));
            metrics.quarantined();
            return Outcome.QUARANTINED;
        } catch (StoreException e) {
            LOG.error("Raw message {} stays pending: could not record quarantine ({})", rawId, e.getMessage());
            return Outcome.UNRECORDED;
        }
    }

    /** The exception's type and message, with its root cause when that says more; never report content. */
    static String describe(Exception failure) {
        String text = failure.getClass().getSimpleName()
                + Optional.ofNullable(failure.getMessage()).map(m -> ": " + m).orElse("");
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }

    private static String bounded(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }
}
