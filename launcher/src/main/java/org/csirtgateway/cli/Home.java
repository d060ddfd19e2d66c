package org.csirtgateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's installation directory (set by the csirt-gateway script), for files such as config/templates. */
final class Home {

    private Home() {
    }

    /** {@code relative} under the installation directory; under the working directory when no home is set. */
    static Path path(String relative) {
        String home = System.getProperty("csirt.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        Path resolved = base.resolve(relative).toAbsolutePath();
        if (!Files.exists(resolved)) {
            throw new IllegalArgumentException(relative + " not found under " + base.toAbsolutePath()
                    + "; run the csirt-gateway script from the project directory");
        }
        return resolved;
    }
}
