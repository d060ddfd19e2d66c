package org.csirtgateway.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.csirtgateway.OfflineIntake;
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
    void backupsTakenWhileMessagesArriveReferOnlyToArchivedFilesTheyHold() throws Exception {
        Path data = dir.resolve("data");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger kept = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        try (OfflineIntake intake = new OfflineIntake(data, "CSIRT#", Clock.systemUTC())) {
            IntakePipeline pipeline = intake.pipeline();
            Thread writer = new Thread(() -> {
                try {
                    for (int n = 0; running.get() && n < 2_000; n++) {
                        String raw = "From: r" + n + "@example.org\r\nSubject: report " + n + "\r\nMessage-ID: <b" + n
                                + "@example.org>\r\n\r\nbody " + n + "\r\n";
                        var id = pipeline.keep("csirt", "test:" + n,
                                out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out));
                        id.ifPresent(rawId -> pipeline.process(rawId, AckMode.NEVER));
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
                    for (String key : keys) {
                        assertThat(result.directory().resolve("archive").resolve(key.substring(0, 2))
                                .resolve(key.substring(2, 4)).resolve(key + ".eml")).isRegularFile();
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
}
