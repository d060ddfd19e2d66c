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
 *   <li>then the raw archive: its packs (and the one-file-per-message files of archives written before packs) are
 *       written and forced before the database row that names them is committed, and never changed; so every pack
 *       the database copy names is complete when it is copied after it. The copy is checked: each referenced
 *       message must be there, with its size.</li>
 * </ol>
 * The search index is not copied: it is rebuilt from the database when the gateway starts without one.
 */
public final class GatewayBackup {

    private final Path dataDir;
    private final Clock clock;

    public GatewayBackup(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** What a backup holds. */
    public record Result(Path directory, Instant takenAt, long rawMessages, long tickets, long archiveFilesCopied,
                         long archiveBytesCopied) {
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
        Path archive = dataDir.resolve("archive");
        List<Referenced> referenced;
        Map<String, PackedContent> packed;
        long tickets;
        // Closed before the archive is copied: the copy is a single file again, with no -wal/-shm beside it.
        try (Database copy = Database.open(databaseCopy)) {
            referenced = copy.read(connection -> Sql.list(connection,
                    "SELECT DISTINCT sha256, size_bytes FROM raw_messages",
                    row -> new Referenced(row.getString(1), row.getLong(2))));
            packed = RawArchive.packedContents(copy, archive);
            tickets = copy.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM tickets"));
        }

        long[] copied = new long[2];
        Path archiveCopy = target.resolve("archive");
        Files.createDirectories(archiveCopy);
        // Packs: those the database copy names. Each was complete and forced before it was named, and is never
        // changed; a pack being written meanwhile is named by nothing yet and left out.
        for (String pack : new TreeSet<>(packed.values().stream().map(PackedContent::pack).toList())) {
            if (!RawArchive.isPackName(pack)) {
                throw new IOException("The database names archive pack '" + pack + "', which is not a pack name the "
                        + "archive writes; not copying it");
            }
            copy(archive.resolve(pack), archiveCopy.resolve(pack), copied);
        }
        // Files of an archive written before packs: <aa>/<bb>/<sha256>.eml.
        if (Files.isDirectory(archive)) {
            try (Stream<Path> files = Files.walk(archive)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path relative = archive.relativize(file);
                    if (relative.getNameCount() != 3 || !relative.getFileName().toString().endsWith(".eml")) {
                        continue; // packs are copied above; tmp/ of older versions held messages being written
                    }
                    copy(file, archiveCopy.resolve(relative.toString()), copied);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        for (Referenced message : referenced) {
            PackedContent place = packed.get(message.sha256());
            boolean present;
            if (place != null) {
                Path file = archiveCopy.resolve(place.pack());
                present = place.sizeBytes() == message.sizeBytes() && Files.isRegularFile(file)
                        && Files.size(file) >= place.startByte() + place.sizeBytes();
            } else {
                Path file = RawArchive.legacyFileOf(archiveCopy, message.sha256());
                present = Files.isRegularFile(file) && Files.size(file) == message.sizeBytes();
            }
            if (!present) {
                throw new IOException("The backup is incomplete: archived message " + message.sha256()
                        + " is missing or has the wrong size in " + archiveCopy);
            }
        }
        Result result = new Result(target, takenAt, referenced.size(), tickets, copied[0], copied[1]);
        Files.writeString(target.resolve("BACKUP.txt"), """
                csirt-gateway backup taken at %s
                database: gateway.db (SQLite VACUUM INTO, consistent at that moment); %d raw message(s), %d ticket(s)
                archive:  archive/ (%d file(s), %d bytes; every message the database refers to is present)
                index:    not included; the gateway rebuilds it from the database when index/ is missing
                Restore:  stop the gateway, copy gateway.db and archive/ into data.dir (remove index/), start it.
                """.formatted(takenAt, referenced.size(), tickets, copied[0], copied[1]));
        return result;
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
