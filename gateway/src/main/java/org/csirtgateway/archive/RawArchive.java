package org.csirtgateway.archive;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.csirtgateway.store.Database;

/**
 * The raw originals, byte for byte, addressed by their SHA-256.
 *
 * <p>Each batch given to {@link #storeAll} (a poll's messages, a batch's attachments, one message) is streamed into
 * one new pack file, {@code <root>/packs/<yyyy-MM>/<time>-<random>.pack}, hashing each content on the way; the
 * pack is forced to disk, its directory forced, and only then is each content's place (pack, first byte, size)
 * committed to the database ({@link ArchiveLocations}), together with what the caller records about the contents.
 * So a content the database names is always whole on disk; a pack cut short by a crash is named by nothing and never
 * read. A pack is written once and never changed. A message of any size costs no heap.
 *
 * <p>Why packs: one file per message cost a file creation, a rename, a directory (often a new one) and two forced
 * writes each, and that kernel work was the largest single cost of keeping mail (about 0.3 ms of CPU per message on
 * the project's VM, against 0.02 ms for a batch of 200 in one pack; {@code docs/benchmark.md}).
 *
 * <p>Archives written before packs hold one file per content, {@code <root>/aa/bb/<sha256>.eml}; those are read
 * where they are ({@link #legacyFileOf}).
 */
public final class RawArchive {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** The only pack names the archive writes, so a location read from the database can never leave the archive. */
    private static final Pattern PACK_NAME =
            Pattern.compile("packs/[0-9]{4}-[0-9]{2}/[0-9]{8}T[0-9]{6}-[0-9a-f]{16}\\.pack");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final Path root;
    private final ArchiveLocations locations;
    private final SecureRandom random = new SecureRandom();

    /**
     * The archive in {@code root}, its contents' locations in {@code database} under the name of the directory
     * ({@code archive}, {@code attachments}).
     */
    public RawArchive(Path root, Database database) throws IOException {
        this.root = root;
        this.locations = new ArchiveLocations(database, storeName(root));
        Files.createDirectories(root);
    }

    /** The archive's directory. */
    public Path root() {
        return root;
    }

    /** Something that writes a message's raw bytes, e.g. an IMAP message streaming from the server. */
    @FunctionalInterface
    public interface RawContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Streams {@code in} into the archive; returns its key and size once the bytes are durably on disk. */
    public ArchivedMessage store(InputStream in) throws IOException {
        return store(in::transferTo);
    }

    /** Streams {@code content} into the archive; returns its key and size once the bytes are durably on disk. */
    public ArchivedMessage store(RawContent content) throws IOException {
        return storeAll(List.of(content)).get(0);
    }

    /**
     * Streams each content, one after the other, into one new pack, forces it and its directory to disk, and records
     * where each content is. Returns, in order, each one's key and size once all of them are durably stored. When
     * one content cannot be written (say the IMAP connection drops), nothing of the batch is stored and the pack is
     * removed.
     */
    public List<ArchivedMessage> storeAll(List<? extends RawContent> contents) throws IOException {
        return storeAll(contents, (connection, stored) -> stored);
    }

    /** What a caller records about contents just stored, in the transaction that records where they are. */
    @FunctionalInterface
    public interface Recorder<T> {
        T record(Connection connection, List<ArchivedMessage> stored) throws SQLException;
    }

    /**
     * As {@link #storeAll(List)}, and {@code recorder} writes, in the same transaction as the contents' locations,
     * what the caller keeps about them (the rows naming the messages): one commit, and nothing is named before its
     * bytes are on disk. With no contents, {@code recorder} still runs, on an empty list.
     */
    public <T> T storeAll(List<? extends RawContent> contents, Recorder<T> recorder) throws IOException {
        List<PackedContent> packed = contents.isEmpty() ? List.of() : writePack(contents);
        List<ArchivedMessage> stored = new ArrayList<>(packed.size());
        for (PackedContent content : packed) {
            stored.add(new ArchivedMessage(content.sha256(), content.sizeBytes()));
        }
        return locations.record(packed, connection -> recorder.record(connection, stored));
    }

    /** Writes the contents into a new pack and forces it and its directory; returns where each one is. */
    private List<PackedContent> writePack(List<? extends RawContent> contents) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String name = "packs/" + MONTH.format(now) + "/" + TIME.format(now) + "-"
                + HexFormat.of().toHexDigits(random.nextLong()) + ".pack";
        Path pack = root.resolve(name);
        List<Path> newDirectories = createDirectories(pack.getParent());
        List<PackedContent> packed = new ArrayList<>(contents.size());
        boolean written = false;
        try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CountingOutput out = new CountingOutput(
                    new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES));
            for (RawContent content : contents) {
                long start = out.count;
                MessageDigest digest = sha256();
                content.writeTo(new DigestOutputStream(out, digest));
                packed.add(new PackedContent(HexFormat.of().formatHex(digest.digest()), name, start,
                        out.count - start));
            }
            out.flushAll();
            channel.force(true);
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(pack);
            }
        }
        forceDirectory(pack.getParent());
        for (Path created : newDirectories) {
            forceDirectory(created.getParent());
        }
        return packed;
    }

    /**
     * Opens the original bytes of an archived content.
     *
     * @throws ContentMissing when the pack or file that should hold it is not in the archive's directory
     */
    public InputStream open(String sha256) throws IOException {
        return original(sha256).open();
    }

    /** An archived content, located once, to be read as often as needed. */
    @FunctionalInterface
    public interface Original {
        /**
         * Opens its bytes; fails when they are not (or no longer) where the archive put them: with
         * {@link ContentMissing} when their pack or file does not exist.
         */
        InputStream open() throws IOException;
    }

    /**
     * The archived content with this key, located now (one database lookup) so that reading it several times (the
     * intake scans a message for OpenPGP, then parses it) does not look it up again.
     */
    public Original original(String sha256) throws IOException {
        Path legacy = legacyFileOf(sha256);
        Optional<PackedContent> packed = locations.find(sha256);
        if (packed.isEmpty()) {
            return () -> {
                try {
                    return Files.newInputStream(legacy);
                } catch (NoSuchFileException e) {
                    throw new ContentMissing(storeName(root), sha256,
                            "no pack holds it and its file " + root.relativize(legacy), e);
                }
            };
        }
        PackedContent content = packed.get();
        Path pack = packFile(content.pack());
        return () -> {
            FileChannel channel;
            try {
                channel = FileChannel.open(pack, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new ContentMissing(storeName(root), sha256, "pack " + content.pack(), e);
            }
            return new PackSlice(channel, content.pack(), content.startByte(), content.sizeBytes());
        };
    }

    /** Whether content with this key is stored (in a pack, or as a file of an archive written before packs). */
    public boolean contains(String sha256) {
        Path legacy = legacyFileOf(sha256);
        return locations.find(sha256).isPresent() || Files.exists(legacy);
    }

    /**
     * The file of a content archived before packs: {@code <root>/aa/bb/<sha256>.eml}. The key is validated so it can
     * never name a path outside the archive.
     */
    public Path legacyFileOf(String sha256) {
        return legacyFileOf(root, sha256);
    }

    /** {@link #legacyFileOf(String)} in the archive (or a copy of it) at {@code root}. */
    public static Path legacyFileOf(Path root, String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Not an archive key (64 lowercase hex digits): " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256 + ".eml");
    }

    /** The file of a pack named in the database; a name the archive would never write is refused. */
    private Path packFile(String name) throws IOException {
        if (!isPackName(name)) {
            throw new IOException("The database names archive pack '" + name + "', which is not a pack name this "
                    + "archive writes (packs/yyyy-MM/<time>-<random>.pack); refusing to read it");
        }
        return root.resolve(name);
    }

    /**
     * Where each packed content of the archive at {@code root} lies, as {@code database} (or a copy of it, for a
     * backup) records it, by SHA-256; contents of an archive written before packs are not among them.
     */
    public static Map<String, PackedContent> packedContents(Database database, Path root) {
        return new ArchiveLocations(database, storeName(root)).all();
    }

    private static String storeName(Path root) {
        return root.getFileName().toString();
    }

    /** Whether {@code name} is a pack name as the archive writes it, relative to its root with '/' separators. */
    public static boolean isPackName(String name) {
        return PACK_NAME.matcher(name).matches();
    }

    /** Creates the missing levels of {@code directory} below the root; returns those it created, outermost first. */
    private List<Path> createDirectories(Path directory) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path level = directory; level != null && !level.equals(root) && !Files.isDirectory(level);
             level = level.getParent()) {
            missing.add(0, level);
        }
        List<Path> created = new ArrayList<>();
        for (Path level : missing) {
            try {
                Files.createDirectory(level);
                created.add(level);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created meanwhile by another thread storing a batch
            }
        }
        return created;
    }

    /** Forces a directory's entries to disk: Linux allows it by opening it for reading; elsewhere best effort. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform allows forcing a directory; the pack itself was forced.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Counts the bytes written into the pack. Closing it (as a content's writer may) only flushes: the pack is closed
     * by {@link #storeAll} once every content is in.
     */
    private static final class CountingOutput extends FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void flush() {
            // a content's writer flushing after each part would turn the buffered pack into many small writes
        }

        @Override
        public void close() {
            // see the class comment
        }

        void flushAll() throws IOException {
            out.flush();
        }
    }
}
