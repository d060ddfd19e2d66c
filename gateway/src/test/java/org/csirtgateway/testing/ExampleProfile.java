package org.csirtgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's example team profile (config/team-profile.yml), and variants of it written to a directory. */
public final class ExampleProfile {

    private ExampleProfile() {
    }

    /** config/team-profile.yml of the project, found from whichever module's directory the tests run in. */
    public static Path path() {
        return TestGatewayConfig.templatesDir().getParent().resolve("team-profile.yml");
    }

    public static String text() {
        try {
            return Files.readString(path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code yaml} as team-profile.yml in {@code dir} and returns its path. */
    public static Path write(Path dir, String yaml) {
        try {
            Path file = dir.resolve("team-profile.yml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
