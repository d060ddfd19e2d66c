package org.csirtgateway.importing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The real-world corpus in ../shared/corpus, read in place. */
final class Corpus {

    private Corpus() {
    }

    /** ../shared/corpus/{@code name} above the working directory; the test is skipped (visibly) when it is absent. */
    static Path dir(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("../shared/corpus").resolve(name).normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        Assumptions.abort("corpus ../shared/corpus/" + name + " not found");
        return null;
    }
}
