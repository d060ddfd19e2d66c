package org.csirtgateway.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The raw originals, byte for byte, content-addressed by SHA-256: {@code <root>/<aa>/<bb>/<sha256>.eml}.
 *
 * <p>A message is streamed to a temporary file while its hash is computed, forced to disk, then atomically renamed
 * into place, so the archive never holds a partial file under a real name and a message of any size costs no heap.
 * Storing the same bytes twice keeps one file.
 */
public final class RawArchive {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public RawArchive(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("tmp"));
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
        Path temp = Files.createTempFile(root.resolve("tmp"), "incoming-", ".eml");
        try {
            MessageDigest digest = sha256();
            long size;
            try (OutputStream file = Files.newOutputStream(temp);
                 DigestOutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(file), digest)) {
                content.writeTo(out);
                out.flush();
            }
            size = Files.size(temp);
            force(temp);
            String sha256 = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(sha256);
            if (Files.exists(target)) {
                Files.delete(temp);
            } else {
                Files.createDirectories(target.getParent());
                moveAtomically(temp, target);
                force(target.getParent());
            }
            return new ArchivedMessage(sha256, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Opens the original bytes of an archived message. */
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(pathOf(sha256));
    }

    public boolean contains(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    /** Where the message with this key lives; the key is validated so it can never name a path outside the archive. */
    public Path pathOf(String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Not an archive key (64 lowercase hex digits): " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256 + ".eml");
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void force(Path path) {
        // Directories can be fsynced on Linux by opening them for reading; elsewhere this is best effort.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every platform allows forcing a directory; the file itself was forced before the rename.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
