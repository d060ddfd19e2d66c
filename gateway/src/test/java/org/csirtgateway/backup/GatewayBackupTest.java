package org.csirtgateway.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.intake.AckMode;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups are taken while messages keep arriving, and each one is complete in itself. */
class GatewayBackupTest {

    @TempDir
    Path dir;

    @Test
    void backupsTakenWhileMessagesArriveHoldEveryMessageTheirDatabaseRefersTo() throws Exception {
        Path data = dir.resolve("data");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger kept = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        try (GatewayCore intake = DataDirectories.open(data)) {
            IntakePipeline pipeline = intake.pipeline();
            Thread writer = new Thread(() -> {
                try {
                    for (int n = 0; running.get() && n < 2_000; n++) {
                        String raw = "From: r" + n + "@example.org\r\nSubject: report " + n + "\r\nMessage-ID: <b" + n
                                + "@example.org>\r\n\r\nbody " + n + "\r\n";
                        var id = pipeline.keep("csirt", "test:" + n,
                                out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out));
                        id.ifPresent(rawId -> pipeline.process(rawId));
                        kept.incrementAndGet();
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            });
            writer.start();
            while (kept.get() < 20) {
                Thread.sleep(10);
            }
            List<GatewayBackup.Result> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(new GatewayBackup(data, Clock.systemUTC()).writeTo(dir.resolve("backup-" + i)));
            }
            running.set(false);
            writer.join();
            assertThat(writerFailure.get()).isNull();

            for (GatewayBackup.Result result : results) {
                try (Database copy = Database.open(result.directory().resolve("gateway.db"))) {
                    List<String> keys = copy.read(c -> Sql.list(c, "SELECT sha256 FROM raw_messages",
                            r -> r.getString(1)));
                    assertThat(keys).hasSize((int) result.rawMessages()).isNotEmpty();
                    RawArchive restored = new RawArchive(result.directory().resolve("archive"), copy);
                    for (String key : keys) {
                        assertThat(sha256Of(restored, key)).as("the bytes of %s in the backup", key).isEqualTo(key);
                    }
                    Long integrity = copy.read(c -> Sql.one(c, "PRAGMA integrity_check",
                            r -> "ok".equals(r.getString(1)) ? 1L : 0L).orElse(0L));
                    assertThat(integrity).as("integrity_check of " + result.directory()).isEqualTo(1L);
                }
            }
            assertThat(results.get(2).rawMessages()).isGreaterThanOrEqualTo(results.get(0).rawMessages());
        }
        assertThat(Files.list(dir.resolve("backup-0")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("gateway.db", "archive", "BACKUP.txt");
    }

    @Test
    void aBackupHoldsTheFilesOfAnArchiveWrittenBeforePacksBesideThePacks() throws Exception {
        Path data = dir.resolve("data");
        byte[] old = "From: old@example.org\r\nSubject: kept by an earlier version\r\n\r\nold\r\n"
                .getBytes(StandardCharsets.UTF_8);
        String oldKey = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(old));
        String newKey;
        try (GatewayCore intake = DataDirectories.open(data)) {
            Path legacy = data.resolve("archive").resolve(oldKey.substring(0, 2)).resolve(oldKey.substring(2, 4))
                    .resolve(oldKey + ".eml");
            Files.createDirectories(legacy.getParent());
            Files.write(legacy, old);
            intake.database().inTransaction(c -> Sql.update(c, """
                    INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                    VALUES (?, ?, 'csirt', 'test:old', '2025-01-01T00:00:00Z', 'processed')""", oldKey, old.length));
            long rawId = intake.pipeline().keep("csirt", "test:new",
                    out -> out.write("From: new@example.org\r\n\r\nnew\r\n".getBytes(StandardCharsets.UTF_8)))
                    .orElseThrow();
            newKey = intake.database().read(c -> Sql.one(c, "SELECT sha256 FROM raw_messages WHERE id = ?",
                    r -> r.getString(1), rawId)).orElseThrow();
        }

        GatewayBackup.Result result = new GatewayBackup(data, Clock.systemUTC()).writeTo(dir.resolve("backup"));

        assertThat(result.rawMessages()).isEqualTo(2);
        assertThat(result.archiveFilesCopied()).as("one legacy file, one pack").isEqualTo(2);
        try (Database copy = Database.open(result.directory().resolve("gateway.db"))) {
            RawArchive restored = new RawArchive(result.directory().resolve("archive"), copy);
            assertThat(sha256Of(restored, oldKey)).isEqualTo(oldKey);
            assertThat(sha256Of(restored, newKey)).isEqualTo(newKey);
        }
    }

    private static String sha256Of(RawArchive archive, String key) throws Exception {
        try (InputStream in = archive.open(key)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
