package org.csirtgateway.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import org.csirtgateway.index.ReportText;
import org.csirtgateway.store.Sql;

/**
 * Exact duplicates by content: a report whose normalised body ({@link ReportText#exactDuplicateKey}: greeting,
 * quoting, signature, case and spacing removed) equals an earlier message's is the same report sent again, by the
 * same or another party. Works inside the caller's transaction, on the database alone, so it holds even while the
 * search index is being rebuilt.
 */
public final class ExactDuplicates {

    /** Why such a message is placed on the earlier ticket (shown on the message). */
    public static final String REASON = "the same report text (normalised) is already on this ticket";

    private ExactDuplicates() {
    }

    /** The key of a body, or null when the text is too short to call two reports the same. */
    public static String keyOf(String bodyText) {
        return ReportText.exactDuplicateKey(bodyText);
    }

    /** The ticket of the earliest message with this key. */
    public static Optional<String> ticketWithKey(Connection connection, String bodyKey) throws SQLException {
        if (bodyKey == null) {
            return Optional.empty();
        }
        return Sql.one(connection, """
                SELECT m.ticket_id FROM message_fingerprints f JOIN messages m ON m.id = f.message_row_id
                 WHERE f.body_key = ? ORDER BY m.id LIMIT 1""", row -> row.getString(1), bodyKey);
    }

    /** Remembers the key of a stored message. */
    public static void record(Connection connection, long messageRowId, String bodyKey) throws SQLException {
        if (bodyKey != null) {
            Sql.update(connection, "INSERT OR REPLACE INTO message_fingerprints (message_row_id, body_key) VALUES (?, ?)",
                    messageRowId, bodyKey);
        }
    }
}
