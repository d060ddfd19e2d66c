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

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw originals: byte for byte, addressed by their hash, a batch in one pack, nothing half-written ever named,
 * and the one-file-per-message archives of earlier versions still read.
 */
class RawArchiveTest {

    private static final byte[] REPORT = ("From: alice@victim.example\r\nSubject: Phishing\r\n\r\n"
            + "Please look at hxxp://phish.example/login.\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path data;

    private Path root;
    private Database database;

    @BeforeEach
    void openDatabase() {
        root = data.resolve("archive");
        database = Database.open(data.resolve("gateway.db"));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void storedContentReadsBackByteIdenticalToTheOriginal() throws Exception {
        byte[] original = new byte[300_000];
        new Random(7).nextBytes(original);
        RawArchive archive = new RawArchive(root, database);

        ArchivedMessage stored = archive.store(new ByteArrayInputStream(original));

        assertThat(stored.sizeBytes()).isEqualTo(original.length);
        assertThat(stored.sha256()).isEqualTo(sha256(original));
        assertThat(read(archive, stored.sha256())).isEqualTo(original);
        assertThat(read(new RawArchive(root, database), stored.sha256())).as("read by a new archive instance")
                .isEqualTo(original);
    }

    @Test
    void aBatchGoesIntoOnePackInOrderAndEachContentReadsBackAlone() throws Exception {
        RawArchive archive = new RawArchive(root, database);
        List<RawArchive.RawContent> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] bytes = ("report " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
            batch.add(out -> out.write(bytes));
        }

        List<ArchivedMessage> stored = archive.storeAll(batch);

        assertThat(stored).hasSize(30);
        for (int i = 0; i < 30; i++) {
            byte[] bytes = ("report " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(stored.get(i)).isEqualTo(new ArchivedMessage(sha256(bytes), bytes.length));
            assertThat(read(archive, stored.get(i).sha256())).isEqualTo(bytes);
        }
        assertThat(packs()).hasSize(1);
        assertThat(root.relativize(packs().get(0)).toString().replace('\\', '/')).matches(
                "packs/[0-9]{4}-[0-9]{2}/[0-9]{8}T[0-9]{6}-[0-9a-f]{16}\\.pack");
    }

    @Test
    void aContentThatClosesOrFlushesItsStreamDoesNotCutTheBatchShort() throws Exception {
        RawArchive archive = new RawArchive(root, database);

        List<ArchivedMessage> stored = archive.storeAll(List.of(out -> {
            out.write(REPORT);
            out.flush();
            out.close();
        }, out -> out.write("second".getBytes(StandardCharsets.UTF_8))));

        assertThat(read(archive, stored.get(0).sha256())).isEqualTo(REPORT);
        assertThat(read(archive, stored.get(1).sha256())).isEqualTo("second".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOriginalLocatedOnceReadsItsWholeBytesEachTimeItIsOpened() throws Exception {
        RawArchive archive = new RawArchive(root, database);
        List<ArchivedMessage> stored = archive.storeAll(List.of(out -> out.write("first".getBytes(
                StandardCharsets.UTF_8)), out -> out.write(REPORT)));

        RawArchive.Original original = archive.original(stored.get(1).sha256());

        for (int i = 0; i < 3; i++) {
            try (InputStream in = original.open()) {
                assertThat(in.readAllBytes()).as("read %d", i + 1).isEqualTo(REPORT);
            }
        }
    }

    @Test
    void sameBytesStoredTwiceHaveOneKeyAndTheFirstPlaceStaysTheirs() throws Exception {
        RawArchive archive = new RawArchive(root, database);

        ArchivedMessage first = archive.store(new ByteArrayInputStream(REPORT));
        String firstPack = location(first.sha256());
        ArchivedMessage second = archive.store(out -> out.write(REPORT));

        assertThat(second).isEqualTo(first);
        assertThat(location(first.sha256())).isEqualTo(firstPack);
        assertThat(read(archive, first.sha256())).isEqualTo(REPORT);
    }

    @Test
    void differentBytesGetDifferentKeys() throws Exception {
        RawArchive archive = new RawArchive(root, database);

        ArchivedMessage first = archive.store(new ByteArrayInputStream(REPORT));
        ArchivedMessage second = archive.store(new ByteArrayInputStream("other".getBytes(StandardCharsets.UTF_8)));

        assertThat(second.sha256()).isNotEqualTo(first.sha256());
        assertThat(archive.contains(first.sha256())).isTrue();
        assertThat(archive.contains(second.sha256())).isTrue();
        assertThat(archive.contains(sha256("never stored".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void aBatchWithOneFailedWriteStoresNothingAndLeavesNoPackBehind() throws Exception {
        RawArchive archive = new RawArchive(root, database);

        assertThatThrownBy(() -> archive.storeAll(List.of(out -> out.write(REPORT), out -> {
            out.write(REPORT);
            throw new IOException("connection to the IMAP server lost");
        }))).isInstanceOf(IOException.class).hasMessageContaining("connection to the IMAP server lost");

        assertThat(packs()).isEmpty();
        assertThat(archive.contains(sha256(REPORT))).isFalse();
        long locations = database.read(connection -> Sql.count(connection,
                "SELECT COUNT(*) FROM archive_locations"));
        assertThat(locations).as("locations recorded").isZero();
    }

    @Test
    void whatTheCallerRecordsCommitsWithTheLocationsOrNeitherIs() throws Exception {
        RawArchive archive = new RawArchive(root, database);

        assertThatThrownBy(() -> archive.storeAll(List.of(out -> out.write(REPORT)), (connection, stored) -> {
            throw new java.sql.SQLException("the caller's insert failed");
        })).isInstanceOf(StoreException.class).hasMessageContaining("the caller's insert failed");
        assertThat(archive.contains(sha256(REPORT))).as("located after the caller's failure").isFalse();

        String seen = archive.storeAll(List.of(out -> out.write(REPORT)),
                (connection, stored) -> stored.get(0).sha256());
        assertThat(seen).isEqualTo(sha256(REPORT));
        assertThat(read(archive, seen)).isEqualTo(REPORT);
    }

    @Test
    void aPackCutShortIsAnErrorNotAShorterMessage() throws Exception {
        RawArchive archive = new RawArchive(root, database);
        ArchivedMessage stored = archive.store(new ByteArrayInputStream(REPORT));
        Path pack = packs().get(0);
        Files.write(pack, java.util.Arrays.copyOf(REPORT, 10));

        assertThatThrownBy(() -> read(archive, stored.sha256())).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void anArchiveWrittenBeforePacksIsReadFromItsFiles() throws Exception {
        RawArchive archive = new RawArchive(root, database);
        String key = sha256(REPORT);
        Path legacy = root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key + ".eml");
        Files.createDirectories(legacy.getParent());
        Files.write(legacy, REPORT);

        assertThat(archive.legacyFileOf(key)).isEqualTo(legacy);
        assertThat(archive.contains(key)).isTrue();
        assertThat(read(archive, key)).isEqualTo(REPORT);
    }

    @Test
    void aContentWhosePackIsNotInTheDirectoryIsReportedMissingNamingTheStoreAndKey() throws Exception {
        RawArchive attachments = new RawArchive(data.resolve("attachments"), database);
        String packed = attachments.store(new ByteArrayInputStream(REPORT)).sha256();
        for (Path pack : packsUnder(data.resolve("attachments"))) {
            Files.delete(pack); // as after restoring the database without the store's directory
        }
        String neverStored = sha256("not stored".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> attachments.open(packed)).isInstanceOfSatisfying(ContentMissing.class, e -> {
            assertThat(e.store()).isEqualTo("attachments");
            assertThat(e.sha256()).isEqualTo(packed);
            assertThat(e).hasMessageContaining("is not in the 'attachments' store");
        });
        assertThatThrownBy(() -> attachments.open(neverStored)).isInstanceOf(ContentMissing.class)
                .hasMessageContaining(neverStored);
    }

    @Test
    void aPackNameFromTheDatabaseThatTheArchiveWouldNeverWriteIsRefused() throws Exception {
        RawArchive archive = new RawArchive(root, database);
        String key = sha256(REPORT);
        database.inTransaction(connection -> Sql.update(connection, """
                INSERT INTO archive_locations (store, sha256, pack, start_byte, size_bytes)
                VALUES ('archive', ?, '../../gateway.db', 0, 10)""", key));

        assertThatThrownBy(() -> archive.open(key)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a pack name");
    }

    @Test
    void archiveKeyCanNotEscapeTheArchiveDirectory() throws Exception {
        RawArchive archive = new RawArchive(root, database);

        for (String key : new String[] {"../../etc/passwd", "../" + "a".repeat(61), "/etc/passwd",
                "A".repeat(64), "a".repeat(63), "a".repeat(65), "a".repeat(62) + "/.", "", "a".repeat(64) + "\n"}) {
            assertThatThrownBy(() -> archive.legacyFileOf(key)).as("key %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> archive.open(key)).as("key %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(archive.legacyFileOf("a".repeat(64)).normalize()).startsWithRaw(root);
    }

    private String location(String sha256) {
        return database.read(connection -> Sql.one(connection,
                "SELECT pack || ':' || start_byte FROM archive_locations WHERE store = 'archive' AND sha256 = ?",
                row -> row.getString(1), sha256)).orElseThrow();
    }

    private static byte[] read(RawArchive archive, String sha256) throws IOException {
        try (InputStream in = archive.open(sha256)) {
            return in.readAllBytes();
        }
    }

    private List<Path> packs() throws IOException {
        return packsUnder(root);
    }

    private static List<Path> packsUnder(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
