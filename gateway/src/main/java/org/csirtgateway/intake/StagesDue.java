package org.csirtgateway.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.Placement;

/**
 * The stages still due for messages on tickets (table {@code stages_due}): the ones after placing, whose results are
 * not written in the placing transaction. A message's rows are written when it is placed, in that transaction, and
 * each is deleted when its stage's result is durable. What a crash, a lost index or an interrupted import left undone
 * is therefore always known, and {@link IntakePipeline#finishIncomplete} finishes it.
 */
public final class StagesDue {

    /** A stage after placing. */
    public enum Stage {
        /** The message's search index entry; done when the index is committed with it. */
        INDEX("index"),
        /** The comparison of a new ticket's report with earlier reports; done when its proposals are saved. */
        COMPARE("compare"),
        /** The triage of a new ticket; done when its findings (or why it could not run) are saved. */
        TRIAGE("triage");

        private final String code;

        Stage(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Stage of(String code) {
            for (Stage stage : values()) {
                if (stage.code.equals(code)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("unknown stage '" + code + "'");
        }
    }

    /** A stage due for a message. */
    public record Due(long messageId, Stage stage) {
    }

    private final Database database;

    public StagesDue(Database database) {
        this.database = database;
    }

    /**
     * Records, in the placing transaction, the stages due for messages just placed: each one's index entry, and for a
     * new ticket comparison and triage.
     */
    static void placed(Connection connection, List<Placement> placements) throws SQLException {
        List<Object> rows = new java.util.ArrayList<>();
        for (Placement placement : placements) {
            rows.add(placement.messageRowId());
            rows.add(Stage.INDEX.code());
            if (placement.openedTicket()) {
                rows.add(placement.messageRowId());
                rows.add(Stage.COMPARE.code());
                rows.add(placement.messageRowId());
                rows.add(Stage.TRIAGE.code());
            }
        }
        for (int from = 0; from < rows.size(); from += 2 * CHUNK) {
            List<Object> chunk = rows.subList(from, Math.min(rows.size(), from + 2 * CHUNK));
            Sql.update(connection, "INSERT INTO stages_due (message_id, stage) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size() / 2, "(?, ?)"))
                    + " ON CONFLICT DO NOTHING", chunk.toArray());
        }
    }

    /** Message ids per statement when many are done at once (well below any database's parameter limit). */
    private static final int CHUNK = 200;

    /** The stage is done for these messages, in the caller's transaction (the one that saved its result). */
    public static void done(Connection connection, Stage stage, Collection<Long> messageIds) throws SQLException {
        List<Long> ids = List.copyOf(messageIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Object[] params = new Object[chunk.size() + 1];
            params[0] = stage.code();
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 1] = chunk.get(i);
            }
            Sql.update(connection, "DELETE FROM stages_due WHERE stage = ? AND message_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")", params);
        }
    }

    /** The stage is done for these messages, in a transaction of its own. */
    public void done(Stage stage, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            done(connection, stage, messageIds);
            return null;
        });
    }

    /**
     * The oldest messages' due stages, in message order, leaving out those of {@code inFlight} (indexed, waiting for
     * the next index commit); at most {@code limit} messages.
     */
    List<Due> oldest(int limit, Set<Long> inFlight) {
        int page = 3 * Math.max(limit, 1) + 3; // three stages a message at most: a full page holds limit + 1 messages
        return database.read(connection -> {
            List<Due> due = new java.util.ArrayList<>();
            Set<Long> messages = new java.util.HashSet<>();
            long after = -1;
            while (true) {
                List<Due> rows = Sql.list(connection, """
                                SELECT message_id, stage FROM stages_due WHERE message_id > ?
                                 ORDER BY message_id, stage LIMIT ?""",
                        row -> new Due(row.getLong(1), Stage.of(row.getString(2))), after, page);
                boolean last = rows.size() < page;
                if (!last) { // the last message may go on in the next page: it is read there
                    long cut = rows.get(rows.size() - 1).messageId();
                    rows = rows.stream().filter(row -> row.messageId() != cut).toList();
                }
                for (Due one : rows) {
                    if (one.stage() == Stage.INDEX && inFlight.contains(one.messageId())) {
                        continue;
                    }
                    if (messages.add(one.messageId()) && messages.size() > limit) {
                        return due;
                    }
                    due.add(one);
                }
                if (last || rows.isEmpty()) {
                    return due;
                }
                after = rows.get(rows.size() - 1).messageId();
            }
        });
    }

    /** Every message's index entry is due again: the index was found missing or damaged, and is built anew. */
    public void indexAllAgain() {
        database.inTransaction(connection -> Sql.update(connection, """
                INSERT INTO stages_due (message_id, stage) SELECT id, 'index' FROM messages WHERE true
                ON CONFLICT DO NOTHING"""));
    }

    /** How many messages have this stage due. */
    public long count(Stage stage) {
        return database.read(connection -> Sql.count(connection,
                "SELECT COUNT(*) FROM stages_due WHERE stage = ?", stage.code()));
    }

    /** How many stages are due in all. */
    public long count() {
        return database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM stages_due"));
    }
}
