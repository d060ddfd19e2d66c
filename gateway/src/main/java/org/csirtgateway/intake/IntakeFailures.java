package org.csirtgateway.intake;

import java.io.IOException;

import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failed stage becomes an outcome, logged once:
 * <ul>
 *   <li>the message cannot be parsed or its original cannot be read: quarantined, kept, with a readable reason;</li>
 *   <li>the database is unavailable: left pending, processed again at the next start or poll;</li>
 *   <li>attachments cannot be written to their store (disk full, permissions): left pending likewise;</li>
 *   <li>indexing failed: the ticket stands; the index is rebuildable from the database and archive.</li>
 * </ul>
 */
final class IntakeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeFailures.class);

    enum Stage { READ_ARCHIVE, PARSE, STORE_ATTACHMENTS, TICKET, INDEX }

    private final Database database;
    private final GatewayMetrics metrics;

    IntakeFailures(Database database, GatewayMetrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    /** The search index could not be committed: the tickets stand; what was not committed needs a reindex. */
    void indexCommitFailed(Exception failure) {
        LOG.error("Search index commit failed ({}); the tickets are kept, reindex to repair", failure.getMessage());
    }

    void handle(long rawId, Stage stage, Exception failure) {
        switch (stage) {
            case INDEX -> LOG.error("Raw message {} is ticketed but could not be indexed ({}); reindex to repair",
                    rawId, failure.getMessage());
            case TICKET -> {
                if (failure instanceof StoreException) {
                    LOG.error("Raw message {} stays pending: database unavailable ({})", rawId, failure.getMessage());
                } else {
                    quarantine(rawId, "Could not be placed on a ticket: " + failure.getMessage());
                }
            }
            case STORE_ATTACHMENTS -> LOG.error("Raw message {} stays pending: attachments cannot be stored ({})",
                    rawId, failure.getMessage());
            case PARSE -> quarantine(rawId, failure instanceof ParseException
                    ? failure.getMessage() : "Parser failed: " + failure);
            case READ_ARCHIVE -> quarantine(rawId, failure instanceof IOException
                    ? "The archived original cannot be read: " + failure.getMessage()
                    : "Cannot start processing: " + failure.getMessage());
        }
    }

    private void quarantine(long rawId, String reason) {
        String bounded = reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason;
        LOG.warn("Raw message {} quarantined: {}", rawId, bounded);
        try {
            database.inTransaction(connection -> Sql.update(connection,
                    "UPDATE raw_messages SET state = 'quarantined', failure = ? WHERE id = ?", bounded, rawId));
            metrics.quarantined();
        } catch (StoreException e) {
            LOG.error("Raw message {} stays pending: could not record quarantine ({})", rawId, e.getMessage());
        }
    }
}
