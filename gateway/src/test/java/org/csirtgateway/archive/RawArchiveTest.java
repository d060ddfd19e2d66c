package org.csirtgateway.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw originals: byte for byte, content-addressed, one file per distinct message, nothing half-written. */
class RawArchiveTest {

    private static final byte[] REPORT = ("From: alice@victim.example\r\nSubject: Phishing\r\n\r\n"
            + "Please look at hxxp://phish.example/login.\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;

    @Test
    void storedFileIsByteIdenticalToTheOriginal() throws Exception {
        byte[] original = new byte[300_000];
        new Random(7).nextBytes(original);
        RawArchive archive = new RawArchive(root);

        ArchivedMessage stored = archive.store(new ByteArrayInputStream(original));

        assertThat(stored.sizeBytes()).isEqualTo(original.length);
        assertThat(stored.sha256()).isEqualTo(sha256(original));
        assertThat(archive.pathOf(stored.sha256())).hasBinaryContent(original);
        try (InputStream in = archive.open(stored.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
    }

    @Test
    void archiveLaysFilesOutByTheirHash() throws Exception {
        ArchivedMessage stored = new RawArchive(root).store(new ByteArrayInputStream(REPORT));

        String key = stored.sha256();
        assertThat(root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key + ".eml"))
                .isRegularFile();
    }

    @Test
    void sameBytesStoredTwiceKeepOneFileAndTheSameKey() throws Exception {
        RawArchive archive = new RawArchive(root);

        ArchivedMessage first = archive.store(new ByteArrayInputStream(REPORT));
        ArchivedMessage second = archive.store(out -> out.write(REPORT));

        assertThat(second).isEqualTo(first);
        assertThat(emlFiles()).containsExactly(archive.pathOf(first.sha256()));
        assertThat(archive.pathOf(first.sha256())).hasBinaryContent(REPORT);
    }

    @Test
    void differentBytesGetDifferentFiles() throws Exception {
        RawArchive archive = new RawArchive(root);

        ArchivedMessage first = archive.store(new ByteArrayInputStream(REPORT));
        ArchivedMessage second = archive.store(new ByteArrayInputStream("other".getBytes(StandardCharsets.UTF_8)));

        assertThat(second.sha256()).isNotEqualTo(first.sha256());
        assertThat(emlFiles()).hasSize(2);
        assertThat(archive.contains(first.sha256())).isTrue();
        assertThat(archive.contains(second.sha256())).isTrue();
    }

    @Test
    void failedWriteLeavesNoFileBehind() throws Exception {
        RawArchive archive = new RawArchive(root);

        assertThatThrownBy(() -> archive.store(out -> {
            out.write(REPORT);
            throw new IOException("connection to the IMAP server lost");
        })).isInstanceOf(IOException.class);

        assertThat(emlFiles()).isEmpty();
        try (Stream<Path> temp = Files.list(root.resolve("tmp"))) {
            assertThat(temp).as("no temporary file left").isEmpty();
        }
        assertThat(archive.contains(sha256(REPORT))).isFalse();
    }

    @Test
    void aBatchIsStoredInOrderWithRepeatsKeptOnce() throws Exception {
        RawArchive archive = new RawArchive(root);
        byte[] other = "other report".getBytes(StandardCharsets.UTF_8);
        List<RawArchive.RawContent> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] bytes = ("report " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
            batch.add(out -> out.write(bytes));
        }
        batch.add(out -> out.write(other));
        batch.add(out -> out.write(other));

        List<ArchivedMessage> stored = archive.storeAll(batch);

        assertThat(stored).hasSize(32);
        for (int i = 0; i < 30; i++) {
            byte[] bytes = ("report " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(stored.get(i).sha256()).isEqualTo(sha256(bytes));
            assertThat(archive.pathOf(stored.get(i).sha256())).hasBinaryContent(bytes);
        }
        assertThat(stored.get(30)).isEqualTo(stored.get(31));
        assertThat(emlFiles()).hasSize(31);
        try (Stream<Path> temp = Files.list(root.resolve("tmp"))) {
            assertThat(temp).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void aBatchWithOneFailedWriteStoresNothingAndLeavesNoFileBehind() throws Exception {
        RawArchive archive = new RawArchive(root);

        assertThatThrownBy(() -> archive.storeAll(List.of(out -> out.write(REPORT), out -> {
            out.write(REPORT);
            throw new IOException("connection to the IMAP server lost");
        }))).isInstanceOf(IOException.class);

        assertThat(emlFiles()).isEmpty();
        try (Stream<Path> temp = Files.list(root.resolve("tmp"))) {
            assertThat(temp).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void archiveKeyCanNotEscapeTheArchiveDirectory() throws Exception {
        RawArchive archive = new RawArchive(root);

        for (String key : new String[] {"../../etc/passwd", "../" + "a".repeat(61), "/etc/passwd",
                "A".repeat(64), "a".repeat(63), "a".repeat(65), "a".repeat(62) + "/.", "", "a".repeat(64) + "\n"}) {
            assertThatThrownBy(() -> archive.pathOf(key)).as("key %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> archive.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(archive.pathOf("a".repeat(64)).normalize()).startsWithRaw(root);
    }

    private Stream<Path> emlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".eml") && !file.startsWith(root.resolve("tmp")))
                    .toList().stream();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
