package org.csirtgateway.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the search index from the database, the source of truth: every parsed message, with its ticket's status.
 * Used at start-up when the index directory is missing, empty or corrupt (e.g. after restoring a backup, which does
 * not carry the index).
 */
public final class IndexRebuilder {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRebuilder.class);
    private static final int PAGE = 500;

    private final Database database;

    public IndexRebuilder(Database database) {
        this.database = database;
    }

    /** Replaces everything in {@code index} with the messages in the database; returns how many were indexed. */
    public long rebuild(ReportIndex index) throws IOException {
        index.deleteAll();
        long lastId = 0;
        long total = 0;
        while (true) {
            long after = lastId;
            List<Row> page = database.read(connection -> Sql.list(connection, """
                            SELECT m.id, m.ticket_id, m.subject, m.from_address, m.from_name, m.body_text,
                                   r.fetched_at, t.status
                              FROM messages m
                              JOIN raw_messages r ON r.id = m.raw_id
                              JOIN tickets t ON t.id = m.ticket_id
                             WHERE m.id > ? ORDER BY m.id LIMIT ?""",
                    row -> new Row(row.getLong("id"), new IndexedMessage(String.valueOf(row.getLong("id")),
                            row.getString("ticket_id"), row.getString("subject"),
                            sender(row.getString("from_address"), row.getString("from_name")),
                            row.getString("body_text"), Sql.instant(row, "fetched_at"), row.getString("status"))),
                    after, PAGE));
            if (page.isEmpty()) {
                break;
            }
            List<IndexedMessage> messages = new ArrayList<>(page.size());
            page.forEach(row -> messages.add(row.message()));
            index.indexAll(messages);
            total += page.size();
            lastId = page.get(page.size() - 1).id();
        }
        index.commit();
        return total;
    }

    /**
     * Opens the index in {@code dir}, rebuilding it from the database when the directory is missing or empty while
     * the database has messages, or when the index is corrupt (the damaged copy is moved aside, not deleted).
     *
     * @throws IOException when the index is locked by another process, or cannot be created at all
     */
    public static ReportIndex openOrRebuild(Path dir, Database database, Clock clock) throws IOException {
        boolean fresh = isMissingOrEmpty(dir);
        ReportIndex index;
        try {
            index = ReportIndex.open(dir);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("corrupt")) {
                throw e;
            }
            Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(clock.getZone()).format(clock.instant()));
            LOG.warn("{}; moved to {} and rebuilding from the database", e.getMessage(), aside);
            Files.move(dir, aside);
            fresh = true;
            index = ReportIndex.open(dir);
        }
        long messages = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM messages"));
        long indexed = fresh ? 0 : index.messageCount();
        if (!fresh && indexed < messages) {
            // The index is committed on a schedule: after an unclean stop it can lack the last moments' messages.
            LOG.warn("Search index {} holds {} of {} message(s) (unclean stop?): rebuilding it from the database",
                    dir, indexed, messages);
            fresh = true;
        }
        if (fresh) {
            IndexRebuilder rebuilder = new IndexRebuilder(database);
            if (messages > 0) {
                LOG.info("Rebuilding search index {} from {} message(s) in the database", dir, messages);
                try {
                    LOG.info("Search index rebuilt: {} message(s)", rebuilder.rebuild(index));
                } catch (IOException | RuntimeException e) {
                    index.close();
                    throw e;
                }
            }
        }
        return index;
    }

    private static boolean isMissingOrEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.noneMatch(entry -> entry.getFileName().toString().startsWith("segments"));
        }
    }

    private static String sender(String address, String name) {
        if (address == null) {
            return "(unknown sender)";
        }
        return name == null || name.isBlank() ? address : name + " <" + address + ">";
    }

    private record Row(long id, IndexedMessage message) {
    }
}
