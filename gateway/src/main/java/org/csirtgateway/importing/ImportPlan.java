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
 *   <li>Any other folder, recursively: mbox files, {@code *.eml} files, and Maildirs inside it.</li>
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
        } else if (anyName || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml")) {
            items.add(new MessageFile(file));
        } else {
            skipped.add(new Skipped(file, "neither an mbox file (no leading 'From ' line) nor named *.eml"));
        }
    }

    private static boolean isBlank(Path file) throws IOException {
        if (Files.size(file) > 64) {
            return false;
        }
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).isBlank();
    }
}
