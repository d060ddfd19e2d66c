package org.csirtgateway.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the search index from the database, which keeps every message's decoded text: the index is derived data
 * and can always be thrown away. A rebuild also records the normalised-body key of reports kept before exact-duplicate
 * detection existed. Used by {@code csirt-gateway reindex} and at start-up when the index is missing or
 * corrupt ({@link #openOrRebuild}). Searches keep seeing the old index until the rebuild commits at the end.
 */
public final class Reindexer {

    private static final Logger LOG = LoggerFactory.getLogger(Reindexer.class);

    /** Messages read from the database per query: bounded memory whatever the archive's size. */
    static final int BATCH = 1_000;

    /** Told how far a rebuild has got. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        Progress NONE = (done, total) -> { };
    }

    private final Database database;

    public Reindexer(Database database) {
        this.database = database;
    }

    /** Replaces the index's content with every message in the database. Returns how many were indexed. */
    public long rebuild(ReportIndex index, Progress progress) throws IOException {
        long total = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM messages"));
        index.deleteAll();
        long done = 0;
        long after = -1;
        progress.update(0, total);
        while (true) {
            List<IndexedMessage> batch = batchAfter(after);
            if (batch.isEmpty()) {
                break;
            }
            index.indexAll(batch);
            rememberBodyKeys(batch);
            done += batch.size();
            after = Long.parseLong(batch.get(batch.size() - 1).messageKey());
            progress.update(done, Math.max(total, done));
        }
        index.commit();
        return done;
    }

    /**
     * Records the normalised-body keys of the reports in the batch that have none yet (messages kept before the
     * exact-duplicate check existed), so that later copies of them are recognised too.
     */
    private void rememberBodyKeys(List<IndexedMessage> batch) {
        database.inTransaction(connection -> {
            for (IndexedMessage message : batch) {
                long rowId = Long.parseLong(message.messageKey());
                boolean report = Sql.count(connection, """
                        SELECT COUNT(*) FROM messages m
                         WHERE m.id = ? AND m.role = 'report'
                           AND NOT EXISTS (SELECT 1 FROM message_fingerprints f WHERE f.message_row_id = m.id)""",
                        rowId) > 0;
                if (report) {
                    ExactDuplicates.record(connection, rowId, ExactDuplicates.keyOf(message.body()));
                }
            }
            return null;
        });
    }

    /** Re-indexes the messages of one ticket (after its status or category changed). */
    public void reindexTicket(ReportIndex index, String ticketId) throws IOException {
        List<IndexedMessage> messages = database.read(connection -> Sql.list(connection,
                SELECT + " WHERE m.ticket_id = ? ORDER BY m.id", Reindexer::row, ticketId));
        index.deleteTicket(ticketId);
        index.indexAll(messages);
        index.commit();
    }

    /**
     * A message as the intake indexed it: its own text, then its forwarded evidence (headers and text) and report
     * fields (as {@code ParsedReport.searchableText()} joins them), its attachment names and its stored indicators.
     * Only the text of text attachments is missing: it lives in the attachment store, not in the database.
     */
    private static final String SELECT = """
            SELECT m.id, m.ticket_id, m.subject, m.from_address, m.from_name, m.body_text, m.received_at,
                   t.status, t.category, t.channel,
                   (SELECT group_concat(
                               coalesce('From: ' || e.from_text || char(10), '')
                               || coalesce('To: ' || e.to_text || char(10), '')
                               || coalesce('Subject: ' || e.subject || char(10), '')
                               || coalesce('Date: ' || e.date_text || char(10), '')
                               || coalesce('Message-ID: ' || e.header_message_id || char(10), '')
                               || e.received_chain || char(10) || char(10) || e.body_text, char(10) || char(10))
                      FROM (SELECT * FROM evidence WHERE message_id = m.id ORDER BY position) e) AS evidence_text,
                   (SELECT group_concat(f.name || ': ' || f.value, char(10))
                      FROM (SELECT * FROM report_fields WHERE message_id = m.id ORDER BY position) f) AS fields_text,
                   (SELECT group_concat(a.filename, char(10))
                      FROM (SELECT * FROM attachments WHERE message_id = m.id AND filename <> ''
                            ORDER BY position) a) AS attachment_names,
                   (SELECT group_concat(i.type || ' ' || i.value, char(10))
                      FROM indicators i WHERE i.message_id = m.id) AS indicator_lines
              FROM messages m JOIN tickets t ON t.id = m.ticket_id""";

    private List<IndexedMessage> batchAfter(long after) {
        return database.read(connection -> Sql.list(connection,
                SELECT + " WHERE m.id > ? ORDER BY m.id LIMIT " + BATCH, Reindexer::row, after));
    }

    private static IndexedMessage row(java.sql.ResultSet row) throws java.sql.SQLException {
        String address = row.getString("from_address");
        String name = row.getString("from_name");
        String sender = address == null ? "(unknown sender)"
                : name == null || name.isBlank() ? address : name + " <" + address + ">";
        StringBuilder text = new StringBuilder(row.getString("body_text"));
        for (String more : new String[] {row.getString("evidence_text"), row.getString("fields_text")}) {
            if (more != null && !more.isBlank()) {
                text.append("\n\n").append(more);
            }
        }
        return IndexedMessages.of(row.getLong("id"), row.getString("ticket_id"), row.getString("subject"), sender,
                text.toString(), Sql.instant(row, "received_at"), row.getString("status"), row.getString("category"),
                row.getString("channel"), lines(row.getString("attachment_names")),
                storedIndicators(row.getString("indicator_lines")));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** The indicators the parser stored for the message ("type value" lines), in the index's fields. */
    private static List<org.csirtgateway.index.Indicator> storedIndicators(String lines) {
        List<org.csirtgateway.indicator.Indicator> stored = new java.util.ArrayList<>();
        for (String line : lines(lines)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                stored.add(new org.csirtgateway.indicator.Indicator(line.substring(0, space), line.substring(space + 1),
                        "stored"));
            }
        }
        return ExtractedIndicators.forIndex(stored);
    }

    /**
     * Opens the index in {@code dir}; when it is missing (no index there, or empty while the database has messages)
     * or corrupt, builds it again from the database and says so in one log line. An index held by another process
     * is not touched: that failure is thrown.
     */
    public static ReportIndex openOrRebuild(Path dir, Database database) throws IOException {
        boolean existed = hasIndex(dir);
        ReportIndex index;
        String why;
        try {
            index = ReportIndex.open(dir);
            long messages = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM messages"));
            long indexed = existed ? index.messageCount() : 0;
            // Commits of the index are deferred (IndexCommits): after a crash it may lack the last moments' messages.
            if (messages == 0 || (existed && indexed >= messages)) {
                return index;
            }
            why = !existed ? "is missing"
                    : indexed == 0 ? "is empty but the database holds " + messages + " messages"
                    : "holds " + indexed + " of the database's " + messages + " messages";
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("already open")) {
                throw e;
            }
            // Moved aside, not deleted: whoever investigates the damage still has it.
            Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + System.currentTimeMillis());
            Files.move(dir, aside);
            why = "is corrupt or unreadable (" + e.getMessage() + "); the damaged copy is in " + aside;
            index = ReportIndex.open(dir);
        }
        Instant start = Instant.now();
        LOG.warn("Search index {} {}; rebuilding it from the database", dir.toAbsolutePath(), why);
        long count;
        try {
            count = new Reindexer(database).rebuild(index, Progress.NONE);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        LOG.info("Search index rebuilt: {} messages in {} s", count,
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return index;
    }

    private static boolean hasIndex(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("segments"));
        } catch (IOException e) {
            return false;
        }
    }

}
