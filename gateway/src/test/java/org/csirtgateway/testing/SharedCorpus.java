package org.csirtgateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The third-party mail corpus in {@code ../shared/corpus} next to the project root (see its README). It is not part of
 * the project, so tests that read it are skipped, not failed, where it is absent.
 */
public final class SharedCorpus {

    private SharedCorpus() {
    }

    /** The corpus directory; skips the calling test when it is missing. */
    public static Path dir() {
        Path corpus = projectRoot().resolve("..").resolve("shared").resolve("corpus").normalize();
        assumeTrue(Files.isDirectory(corpus), "shared mail corpus not found at " + corpus);
        return corpus;
    }

    /** A file of the corpus, e.g. {@code file("mimekit-messages", "japanese.txt")}; skips the test when missing. */
    public static Path file(String first, String... more) {
        Path file = dir().resolve(Path.of(first, more));
        assumeTrue(Files.isRegularFile(file), "corpus file not found: " + file);
        return file;
    }

    /** The project root: the nearest directory above the working directory that holds config/templates. */
    public static Path projectRoot() {
        return TestGatewayConfig.templatesDir().getParent().getParent();
    }
}
