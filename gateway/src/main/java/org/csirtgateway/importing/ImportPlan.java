package org.csirtgateway.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What an import will read, worked out before anything is kept: mbox files, single message files and Maildir
 * folders, and the files it will not read, each with the reason (shown in the summary, so nothing is left out
 * silently).
 *
 * <ul>
 *   <li>A file given by name: an mbox file when it starts with {@code "From "}, otherwise one message.</li>
 *   <li>A Maildir (a folder with {@code cur/} or {@code new/}): every file in {@code cur/} and {@code new/};
 *       {@code tmp/} holds deliveries in progress and is left alone.</li>
 *   <li>Any other folder, recursively: mbox files, {@code *.eml} files, files of any other name that start with mail
 *       header fields (Maildir-style or numbered names), and Maildirs inside it.</li>
 * </ul>
 * Empty or blank files are skipped everywhere.
 */
public record ImportPlan(List<Item> items, List<Skipped> skipped) {

    public ImportPlan {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    /** Something to read. */
    public sealed interface Item {
        Path path();
    }

    /** An mbox file holding {@code messages} messages. */
    public record Mbox(Path path, int messages) implements Item {
    }

    /** One message in a file of its own. */
    public record MessageFile(Path path) implements Item {
    }

    /** A file that is not imported, and why. */
    public record Skipped(Path path, String reason) {
    }

    /** Messages the plan will read. */
    public long messageCount() {
        return items.stream().mapToLong(item -> item instanceof Mbox mbox ? mbox.messages() : 1).sum();
    }

    /**
     * Works out the plan for {@code paths}.
     *
     * @throws IllegalArgumentException when a path does not exist or cannot be read
     */
    public static ImportPlan of(List<Path> paths) throws IOException {
        List<Item> items = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path given : paths) {
            Path path = given.toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("No such file or folder: " + given);
            }
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("Cannot read " + given);
            }
            if (Files.isDirectory(path)) {
                folder(path, items, skipped);
            } else {
                file(path, true, items, skipped);
            }
        }
        return new ImportPlan(items, skipped);
    }

    private static void folder(Path folder, List<Item> items, List<Skipped> skipped) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path file : files) {
            Path parent = file.getParent();
            if (file.getFileName().toString().startsWith(".")) {
                skipped.add(new Skipped(file, "hidden file"));
            } else if (isMaildirPart(parent, "cur") || isMaildirPart(parent, "new")) {
                if (isBlank(file)) {
                    skipped.add(new Skipped(file, "empty file"));
                } else {
                    items.add(new MessageFile(file)); // one message per file in a Maildir, whatever it starts with
                }
            } else if (isMaildirPart(parent, "tmp")) {
                skipped.add(new Skipped(file, "in a Maildir's tmp/ (a delivery in progress)"));
            } else {
                file(file, false, items, skipped);
            }
        }
    }

    /** Whether {@code dir} is the {@code part} folder of a Maildir: its parent has cur/ or new/ beside it. */
    private static boolean isMaildirPart(Path dir, String part) {
        if (dir == null || dir.getFileName() == null || !dir.getFileName().toString().equals(part)) {
            return false;
        }
        Path maildir = dir.getParent();
        return maildir != null && (Files.isDirectory(maildir.resolve("cur")) || Files.isDirectory(maildir.resolve("new")))
               ;
    }

    private static void file(Path file, boolean anyName, List<Item> items, List<Skipped> skipped)
            throws IOException {
        if (isBlank(file)) {
            skipped.add(new Skipped(file, Files.size(file) == 0 ? "empty file" : "blank file (only white space)"));
        } else if (MboxReader.looksLikeMbox(file)) {
            items.add(new Mbox(file, MboxReader.count(file)));
        } else if (anyName || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml")
                || looksLikeMessage(file)) {
            items.add(new MessageFile(file));
        } else {
            skipped.add(new Skipped(file, NOT_MAIL));
        }
    }

    /** Why a file in a folder is not read as mail. */
    static final String NOT_MAIL = "not mail: it starts neither with a 'From ' line (an mbox file) nor with mail "
            + "header fields (From:, Received:, Subject:, ...)";

    /** Header names of which at least one starts a saved message; {@code key: value} text alone is not mail. */
    private static final java.util.Set<String> MAIL_HEADERS = java.util.Set.of("from", "to", "cc", "subject",
            "date", "received", "return-path", "message-id", "mime-version", "delivered-to", "reply-to", "sender",
            "x-original-to", "dkim-signature", "arc-seal", "authentication-results");
    private static final int SNIFF_BYTES = 16 << 10;

    /**
     * Whether a file of any name (a Maildir-style name outside cur/ and new/, a numbered file like {@code 12345.})
     * starts like a message: its first line and those after it, up to the blank line, the first line that is no
     * header field or the first 16 KiB, are RFC 5322 header fields ({@code name:} with a printable name) or their
     * folded continuations, with at least one field known from mail. A UTF-8 byte order mark before the first field is allowed, as the parser skips it too.
     */
    static boolean looksLikeMessage(Path file) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(3);
        }
        String[] lines = text.split("\r?\n", -1);
        int complete = head.length < SNIFF_BYTES ? lines.length : lines.length - 1; // the last may be cut
        boolean mail = false;
        int fields = 0;
        for (int i = 0; i < complete; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (fields == 0) {
                    return false;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isFieldName(line.substring(0, colon))) {
                // text straight after the fields, without the blank line, is a body the parser recovers
                return fields > 0 && mail;
            }
            fields++;
            mail |= MAIL_HEADERS.contains(line.substring(0, colon).toLowerCase(Locale.ROOT));
        }
        return mail;
    }

    private static boolean isFieldName(String name) {
        return name.chars().allMatch(c -> c > 32 && c < 127 && c != ':');
    }

    private static boolean isBlank(Path file) throws IOException {
        if (Files.size(file) > 64) {
            return false;
        }
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).isBlank();
    }
}
