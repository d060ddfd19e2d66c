package org.csirtgateway.intake;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.archive.ArchivedMessage;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Keeps messages before anything else is done with them: a batch's bytes streamed into one pack of the raw archive,
 * forced to disk, then one row each in {@code raw_messages}, committed together, pending processing. Keeping is
 * idempotent: a (channel, source) kept before creates nothing new, nor do bytes kept before under another source of
 * the same mailbox epoch (the same message seen again after UIDVALIDITY changed) or, for history, under any source.
 */
final class KeepStage {

    private static final String INSERT = """
            INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state, ack_mode)
            VALUES (?, ?, ?, ?, ?, 'pending', ?)""";

    /** The first kept message with these bytes, whatever its channel and source (index raw_messages_sha256). */
    static final String SAME_CONTENT = "SELECT id FROM raw_messages WHERE sha256 = ? ORDER BY id LIMIT 1";

    private static final String SAME_SOURCE = "SELECT id FROM raw_messages WHERE channel = ? AND source = ?";

    private final Database database;
    private final RawArchive archive;
    private final Clock clock;
    private final GatewayMetrics metrics;

    KeepStage(Database database, RawArchive archive, Clock clock, GatewayMetrics metrics) {
        this.database = database;
        this.archive = archive;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Keeps fetched mail: returns, in order, each message's new row id, or empty when this (channel, source) was kept
     * before or its bytes were kept before in the same mailbox epoch.
     */
    List<Optional<Long>> keepFetched(String channel, List<IntakePipeline.Incoming> messages) throws IOException {
        long started = System.nanoTime();
        List<Boolean> known = knownSources(channel, messages);
        List<RawArchive.RawContent> fresh = unknown(messages, known);
        // Every new message's bytes are durably in the archive (one pack, forced) before any row is committed; the
        // rows are committed with the archive's record of where the bytes are.
        Instant now = clock.instant();
        List<Optional<Long>> kept = archive.storeAll(fresh, (connection, stored) -> {
            Iterator<ArchivedMessage> next = stored.iterator();
            List<Optional<Long>> ids = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                ArchivedMessage bytes = known.get(i) ? null : next.next();
                String source = messages.get(i).source();
                if (bytes == null || Sql.one(connection, SAME_SOURCE, row -> row.getLong(1), channel, source)
                        .isPresent()) {
                    ids.add(Optional.empty());
                    continue;
                }
                String epoch = epochOf(source);
                List<String> sameBytes = Sql.list(connection,
                        "SELECT source FROM raw_messages WHERE channel = ? AND sha256 = ?", row -> row.getString(1),
                        channel, bytes.sha256());
                if (sameBytes.stream().anyMatch(other -> !epochOf(other).equals(epoch))) {
                    ids.add(Optional.empty());
                    continue;
                }
                ids.add(Optional.of(Sql.insert(connection, INSERT, bytes.sha256(), bytes.sizeBytes(), channel, source,
                        now, AckMode.POLICY.code())));
            }
            return ids;
        });
        kept.stream().filter(Optional::isPresent).forEach(id -> metrics.fetched(channel));
        metrics.stageShared(GatewayMetrics.KEEP, started, messages.size());
        return kept;
    }

    /** For each message, whether its (channel, source) was kept before. */
    private List<Boolean> knownSources(String channel, List<IntakePipeline.Incoming> messages) {
        return database.read(connection -> {
            List<Boolean> result = new ArrayList<>();
            for (IntakePipeline.Incoming message : messages) {
                result.add(Sql.one(connection, SAME_SOURCE, row -> row.getLong(1), channel, message.source())
                        .isPresent());
            }
            return result;
        });
    }

    /** The contents of the messages whose source is not known: what the archive is to store. */
    private static List<RawArchive.RawContent> unknown(List<IntakePipeline.Incoming> messages, List<Boolean> known) {
        List<RawArchive.RawContent> fresh = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!known.get(i)) {
                fresh.add(messages.get(i).raw());
            }
        }
        return fresh;
    }

    /** {@code imap:INBOX:7:42} -> {@code imap:INBOX:7}: the mailbox epoch within which ids are distinct deliveries. */
    private static String epochOf(String source) {
        int last = source.lastIndexOf(':');
        return last < 0 ? source : source.substring(0, last);
    }

    /**
     * Keeps history, a batch at a time: each message is new, or was kept before under the same source, or has bytes
     * identical to a message kept before under any source (the same history imported twice from different files).
     * The batch's bytes are streamed into one pack before their hashes are known; a second copy of bytes kept before
     * stays in that pack unreferenced (the archive locates each content once).
     */
    List<IntakePipeline.Kept> keepHistory(String channel, List<IntakePipeline.Incoming> messages, AckMode ackMode)
            throws IOException {
        long started = System.nanoTime();
        List<Boolean> known = knownSources(channel, messages);
        List<RawArchive.RawContent> fresh = unknown(messages, known);
        Instant now = clock.instant();
        List<IntakePipeline.Kept> kept = archive.storeAll(fresh, (connection, stored) -> {
            Iterator<ArchivedMessage> next = stored.iterator();
            List<IntakePipeline.Kept> result = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (known.get(i)) {
                    result.add(new IntakePipeline.Kept.SameSource());
                    continue;
                }
                ArchivedMessage archived = next.next();
                Optional<Long> sameContent = Sql.one(connection, SAME_CONTENT, row -> row.getLong(1),
                        archived.sha256());
                if (sameContent.isPresent()) {
                    result.add(new IntakePipeline.Kept.SameContent(sameContent.get()));
                    continue;
                }
                result.add(new IntakePipeline.Kept.New(Sql.insert(connection, INSERT, archived.sha256(),
                        archived.sizeBytes(), channel, messages.get(i).source(), now, ackMode.code())));
            }
            return result;
        });
        long added = kept.stream().filter(one -> one instanceof IntakePipeline.Kept.New).count();
        for (long i = 0; i < added; i++) {
            metrics.fetched(channel);
        }
        metrics.stageShared(GatewayMetrics.KEEP, started, messages.size());
        return kept;
    }
}
