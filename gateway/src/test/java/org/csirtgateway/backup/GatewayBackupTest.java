package org.csirtgateway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.RawArchive;
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
                .containsExactlyInAnyOrder("gateway.db", "archive", "attachments", "BACKUP.txt");
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

    @Test
    void aBackupHoldsEveryStoredAttachmentItsDatabaseNamesInPacksAndInFilesWrittenBeforePacks() throws Exception {
        Path data = dir.resolve("data");
        byte[] pdf = "%PDF-1.4 the campaign's invoice".getBytes(StandardCharsets.US_ASCII);
        byte[] log = "2026-03-02 10:00 sshd: failed password from 192.0.2.7\n".getBytes(StandardCharsets.US_ASCII);
        byte[] old = "an attachment stored by an earlier version".getBytes(StandardCharsets.US_ASCII);
        String pdfKey = sha256Of(pdf);
        String logKey = sha256Of(log);
        String oldKey = sha256Of(old);
        String overLimitKey = sha256Of(new byte[] {1});
        try (Database database = Database.open(data.resolve("gateway.db"))) {
            AttachmentStore store = new AttachmentStore(data.resolve("attachments"), database);
            store.storeAll(Map.<String, RawArchive.RawContent>of(pdfKey, out -> out.write(pdf),
                    logKey, out -> out.write(log)));
            Path legacy = RawArchive.legacyFileOf(data.resolve("attachments"), oldKey);
            Files.createDirectories(legacy.getParent());
            Files.write(legacy, old);
            long message = reportRow(data, database);
            database.inTransaction(c -> {
                attachmentRow(c, message, 1, pdfKey, pdf.length, true);
                attachmentRow(c, message, 2, pdfKey, pdf.length, true); // the same file on a second report: stored once
                attachmentRow(c, message, 3, logKey, log.length, true);
                attachmentRow(c, message, 4, oldKey, old.length, true);
                attachmentRow(c, message, 5, overLimitKey, 26_214_401, false); // over the limit: not in the store
                return null;
            });
        }

        GatewayBackup.Result result = new GatewayBackup(data, Clock.systemUTC()).writeTo(dir.resolve("backup"));

        assertThat(result.storedAttachments()).isEqualTo(3);
        assertThat(result.attachmentFilesCopied()).as("one pack, one file of the store before packs").isEqualTo(2);
        assertThat(result.directory().resolve("BACKUP.txt")).content()
                .contains("attachments: attachments/ (2 file(s)")
                .contains("copy in gateway.db, archive/ and attachments/");
        try (Database copy = Database.open(result.directory().resolve("gateway.db"))) {
            AttachmentStore restored = new AttachmentStore(result.directory().resolve("attachments"), copy);
            for (String key : new String[] {pdfKey, logKey, oldKey}) {
                try (InputStream in = restored.open(key)) {
                    assertThat(sha256Of(in.readAllBytes())).as("the bytes of %s in the backup", key).isEqualTo(key);
                }
            }
        }
    }

    @Test
    void aBackupWhoseAttachmentStoreLacksAContentItsDatabaseNamesFailsNamingIt() throws Exception {
        Path data = dir.resolve("data");
        String lost = sha256Of("lost".getBytes(StandardCharsets.US_ASCII));
        try (Database database = Database.open(data.resolve("gateway.db"))) {
            long message = reportRow(data, database);
            database.inTransaction(c -> attachmentRow(c, message, 1, lost, 4, true));
        }

        assertThatThrownBy(() -> new GatewayBackup(data, Clock.systemUTC()).writeTo(dir.resolve("backup")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("The backup is incomplete: stored attachment " + lost + " is missing");
    }

    /** A report kept in the archive and placed on a ticket, as rows for attachments to belong to; its row id. */
    private static long reportRow(Path data, Database database) throws Exception {
        byte[] raw = "From: r@example.org\r\nSubject: with attachments\r\n\r\nsee attached\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        String key = new RawArchive(data.resolve("archive"), database).store(new ByteArrayInputStream(raw)).sha256();
        return database.inTransaction(c -> {
            Sql.update(c, """
                    INSERT INTO raw_messages (id, sha256, size_bytes, channel, source, fetched_at, state)
                    VALUES (1, ?, ?, 'csirt', 'test:1', '2026-03-02T10:00:00Z', 'processed')""", key, raw.length);
            Sql.update(c, """
                    INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at)
                    VALUES ('CSIRT#2026-000001', 'with attachments', 'r@example.org', 'csirt', 'new',
                            '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z')""");
            Sql.update(c, """
                    INSERT INTO messages (id, raw_id, ticket_id, role, subject, received_at, body_text)
                    VALUES (1, 1, 'CSIRT#2026-000001', 'report', 'with attachments', '2026-03-02T10:00:00Z',
                            'see attached')""");
            return 1L;
        });
    }

    /** A row of the attachments table; the backup reads only its content key, size and whether it is stored. */
    private static int attachmentRow(java.sql.Connection connection, long message, int position, String sha256,
                                     long size, boolean stored) throws java.sql.SQLException {
        return Sql.update(connection, """
                INSERT INTO attachments (message_id, evidence_position, position, filename, declared_type,
                                         detected_type, size_bytes, sha256, stored)
                VALUES (?, 0, ?, 'a.bin', 'application/octet-stream', 'application/octet-stream', ?, ?, ?)""",
                message, position, size, sha256, stored ? 1 : 0);
    }

    private static String sha256Of(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256Of(RawArchive archive, String key) throws Exception {
        try (InputStream in = archive.open(key)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
