package org.csirtgateway.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.csirtgateway.store.Sql;

/** A kept message as the database records it: where its bytes are, where it came from, and how far it got. */
record RawRow(long id, String sha256, String channel, Instant fetchedAt, String state, AckMode ackMode) {

    /** The columns {@link #of} reads, for a query on {@code raw_messages}. */
    static final String COLUMNS = "id, sha256, channel, fetched_at, state, ack_mode";

    static RawRow of(ResultSet row) throws SQLException {
        return new RawRow(row.getLong("id"), row.getString("sha256"), row.getString("channel"),
                Sql.instant(row, "fetched_at"), row.getString("state"), AckMode.of(row.getString("ack_mode")));
    }

    boolean pending() {
        return state.equals("pending");
    }
}
