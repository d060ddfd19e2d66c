package org.csirtgateway.intake;

import java.util.List;
import java.util.Optional;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Quarantined messages: listed for analysts (UI and API) and retried on request. A retry runs the same processing
 * as fresh mail, with the same acknowledgement rules, except that messages imported from history are never
 * acknowledged.
 */
public final class Quarantine {

    /** At most this many are listed per page. */
    public static final int MAX_LIMIT = 500;

    private final Database database;
    private final IntakePipeline pipeline;

    /** The quarantine of a database without a running pipeline: it lists, but cannot retry. */
    public static Quarantine withoutRetry(Database database) {
        return new Quarantine(database, null);
    }

    public Quarantine(Database database, IntakePipeline pipeline) {
        this.database = database;
        this.pipeline = pipeline;
    }

    /** Quarantined messages, most recently fetched first. */
    public List<QuarantinedMessage> list(int limit, int offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative");
        }
        return database.read(connection -> Sql.list(connection, """
                        SELECT id, channel, source, fetched_at, failure, sha256, size_bytes FROM raw_messages
                         WHERE state = 'quarantined' ORDER BY fetched_at DESC, id DESC LIMIT ? OFFSET ?""",
                row -> new QuarantinedMessage(row.getLong("id"), row.getString("channel"), row.getString("source"),
                        Sql.instant(row, "fetched_at"), reasonOrUnknown(row.getString("failure")),
                        row.getString("sha256"), row.getLong("size_bytes")),
                Math.min(limit, MAX_LIMIT), offset));
    }

    public long count() {
        return database.read(connection ->
                Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'"));
    }

    public Optional<QuarantinedMessage> find(long id) {
        return database.read(connection -> Sql.one(connection, """
                        SELECT id, channel, source, fetched_at, failure, sha256, size_bytes FROM raw_messages
                         WHERE state = 'quarantined' AND id = ?""",
                row -> new QuarantinedMessage(row.getLong("id"), row.getString("channel"), row.getString("source"),
                        Sql.instant(row, "fetched_at"), reasonOrUnknown(row.getString("failure")),
                        row.getString("sha256"), row.getLong("size_bytes")), id));
    }

    /** What a retry came to. */
    public enum RetryOutcome {
        /** It is on a ticket now. */
        TICKETED,
        /** It failed again; the new reason is recorded. */
        STILL_QUARANTINED,
        /** It failed in a way that leaves it pending (e.g. the database was busy); it is picked up again later. */
        PENDING,
        /** There is no quarantined message with that id. */
        NOT_FOUND
    }

    /** Processes a quarantined message again. */
    public RetryOutcome retry(long id) {
        if (pipeline == null) {
            throw new IllegalStateException("Retrying needs the running gateway's intake pipeline");
        }
        Optional<QuarantinedMessage> held = find(id);
        if (held.isEmpty()) {
            return RetryOutcome.NOT_FOUND;
        }
        // Imported history stays unacknowledged on retry too: the message keeps the acknowledgement mode it was kept
        // with.
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE raw_messages SET state = 'pending', attempts = 0, next_attempt_at = NULL "
                        + "WHERE id = ? AND state = 'quarantined'", id));
        pipeline.process(id);
        String state = database.read(connection -> Sql.one(connection,
                "SELECT state FROM raw_messages WHERE id = ?", row -> row.getString(1), id)).orElse("pending");
        return switch (state) {
            case "processed" -> RetryOutcome.TICKETED;
            case "quarantined" -> RetryOutcome.STILL_QUARANTINED;
            default -> RetryOutcome.PENDING;
        };
    }

    private static String reasonOrUnknown(String failure) {
        return failure == null || failure.isBlank() ? "no reason recorded" : failure;
    }
}
