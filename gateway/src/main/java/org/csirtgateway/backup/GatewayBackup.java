package org.csirtgateway.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.csirtgateway.archive.PackedContent;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * A consistent copy of a gateway's data directory, taken while the gateway runs:
 * <ol>
 *   <li>the database, with SQLite's {@code VACUUM INTO}: one read transaction, so the copy is the database as it was
 *       at one moment, whatever is being written meanwhile;</li>
 *   <li>then the two content stores, the raw archive ({@code archive/}) and the decoded attachments
 *       ({@code attachments/}): their packs (and the one-file-per-content files of stores written before packs) are
 *       written and forced before the database row that names them is committed, and never changed; so every pack
 *       the database copy names is complete when it is copied after it. A pack written after the copy was taken is
 *       named by nothing in it and left out. The copy is checked: each message and each stored attachment the
 *       database copy refers to must be there, with its size.</li>
 * </ol>
 * The search index is not copied: it is rebuilt from the database when the gateway starts without one.
 */
public final class GatewayBackup {

    /** A content store: its directory under the data directory and the contents the database says it holds. */
    private enum Store {
        ARCHIVE("archive", "SELECT DISTINCT sha256, size_bytes FROM raw_messages", "archived message"),
        ATTACHMENTS("attachments", "SELECT DISTINCT sha256, size_bytes FROM attachments WHERE stored = 1",
                "stored attachment");

        final String directory;
        final String referencedQuery;
        final String what;

        Store(String directory, String referencedQuery, String what) {
            this.directory = directory;
            this.referencedQuery = referencedQuery;
            this.what = what;
        }
    }

    private final Path dataDir;
    private final Clock clock;

    public GatewayBackup(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /**
     * What a backup holds: the raw messages and tickets its database names, and the files it copied of each store
     * ({@code archive/}, {@code attachments/}); {@code storedAttachments} counts distinct attachment contents.
     */
    public record Result(Path directory, Instant takenAt, long rawMessages, long tickets, long archiveFilesCopied,
                         long archiveBytesCopied, long storedAttachments, long attachmentFilesCopied,
                         long attachmentBytesCopied) {
    }

    /**
     * Writes the backup into {@code target}, which must not exist yet or be an empty directory.
     *
     * @throws IllegalArgumentException when there is no gateway database in the data directory or the target is not
     *                                  empty
     * @throws IOException              when a file cannot be written or the copy does not hold every referenced file
     */
    public Result writeTo(Path target) throws IOException {
        Path source = dataDir.resolve("gateway.db");
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("No gateway database at " + source);
        }
        prepareEmpty(target);
        Instant takenAt = clock.instant();
        Path databaseCopy = target.resolve("gateway.db").toAbsolutePath();
        try (Database database = Database.open(source)) {
            database.read(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("VACUUM INTO '" + databaseCopy.toString().replace("'", "''") + "'");
                }
                return null;
            });
        }
        Map<Store, List<Referenced>> referenced = new EnumMap<>(Store.class);
        Map<Store, Map<String, PackedContent>> packed = new EnumMap<>(Store.class);
        long tickets;
        // Closed before the stores are copied: the copy is a single file again, with no -wal/-shm beside it.
        try (Database copy = Database.open(databaseCopy)) {
            for (Store store : Store.values()) {
                referenced.put(store, copy.read(connection -> Sql.list(connection, store.referencedQuery,
                        row -> new Referenced(row.getString(1), row.getLong(2)))));
                packed.put(store, RawArchive.packedContents(copy, dataDir.resolve(store.directory)));
            }
            tickets = copy.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM tickets"));
        }

        Map<Store, long[]> copied = new EnumMap<>(Store.class);
        for (Store store : Store.values()) {
            Path storeCopy = target.resolve(store.directory);
            copied.put(store, copyStore(dataDir.resolve(store.directory), storeCopy, packed.get(store).values()));
            check(store, storeCopy, referenced.get(store), packed.get(store));
        }
        long[] archive = copied.get(Store.ARCHIVE);
        long[] attachments = copied.get(Store.ATTACHMENTS);
        Result result = new Result(target, takenAt, referenced.get(Store.ARCHIVE).size(), tickets, archive[0],
                archive[1], referenced.get(Store.ATTACHMENTS).size(), attachments[0], attachments[1]);
        Files.writeString(target.resolve("BACKUP.txt"), """
                csirt-gateway backup taken at %s
                database:    gateway.db (SQLite VACUUM INTO, consistent at that moment); %d raw message(s), %d ticket(s)
                archive:     archive/ (%d file(s), %d bytes; every message the database refers to is present)
                attachments: attachments/ (%d file(s), %d bytes; every one of the %d stored attachment content(s) the
                             database refers to is present)
                index:       not included; the gateway rebuilds it from the database when index/ is missing
                Restore:     stop the gateway; in data.dir remove gateway.db, gateway.db-wal, gateway.db-shm, archive/,
                             attachments/ and index/; copy in gateway.db, archive/ and attachments/; start it.
                """.formatted(takenAt, result.rawMessages(), tickets, archive[0], archive[1], attachments[0],
                attachments[1], result.storedAttachments()));
        return result;
    }

    /**
     * Copies a store: the packs the database copy names (each was complete and forced before it was named, and is
     * never changed; a pack being written meanwhile is named by nothing yet and left out), then the files of a store
     * written before packs, {@code <aa>/<bb>/<sha256>.eml}. Returns the files and bytes copied.
     */
    private static long[] copyStore(Path store, Path storeCopy, Collection<PackedContent> packed) throws IOException {
        long[] copied = new long[2];
        Files.createDirectories(storeCopy);
        for (String pack : new TreeSet<>(packed.stream().map(PackedContent::pack).toList())) {
            if (!RawArchive.isPackName(pack)) {
                throw new IOException("The database names pack '" + pack + "' in " + store.getFileName()
                        + "/, which is not a pack name the gateway writes; not copying it");
            }
            copy(store.resolve(pack), storeCopy.resolve(pack), copied);
        }
        if (Files.isDirectory(store)) {
            try (Stream<Path> files = Files.walk(store)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path relative = store.relativize(file);
                    if (relative.getNameCount() != 3 || !relative.getFileName().toString().endsWith(".eml")) {
                        continue; // packs are copied above; tmp/ of older versions held contents being written
                    }
                    copy(file, storeCopy.resolve(relative.toString()), copied);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return copied;
    }

    /** Fails unless the copy of {@code store} holds every content the database copy refers to, with its size. */
    private static void check(Store store, Path storeCopy, List<Referenced> referenced,
                              Map<String, PackedContent> packed) throws IOException {
        for (Referenced content : referenced) {
            PackedContent place = packed.get(content.sha256());
            boolean present;
            if (place != null) {
                Path file = storeCopy.resolve(place.pack());
                present = place.sizeBytes() == content.sizeBytes() && Files.isRegularFile(file)
                        && Files.size(file) >= place.startByte() + place.sizeBytes();
            } else {
                Path file = RawArchive.legacyFileOf(storeCopy, content.sha256());
                present = Files.isRegularFile(file) && Files.size(file) == content.sizeBytes();
            }
            if (!present) {
                throw new IOException("The backup is incomplete: " + store.what + " " + content.sha256()
                        + " is missing or has the wrong size in " + storeCopy);
            }
        }
    }

    private static void prepareEmpty(Path target) throws IOException {
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IllegalArgumentException("Backup target " + target + " is a file, not a directory");
            }
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("Backup target " + target
                            + " is not empty; give a new directory for each backup");
                }
            }
        }
        try {
            Files.createDirectories(target);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("Backup target " + target + " exists and is not a directory", e);
        }
    }

    private static void copy(Path from, Path to, long[] copied) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        copied[0]++;
        copied[1] += Files.size(to);
    }

    private record Referenced(String sha256, long sizeBytes) {
    }

}
