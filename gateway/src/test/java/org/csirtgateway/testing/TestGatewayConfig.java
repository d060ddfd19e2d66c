package org.csirtgateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.icegreen.greenmail.base.GreenMailOperations;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.config.LoopbackMailConfig;

/**
 * A gateway configuration pointing at a GreenMail server on loopback, with a fresh data directory. The
 * acknowledgement templates are the real ones in the project's config/ directory.
 */
public final class TestGatewayConfig {

    public static final String TEAM_ADDRESS = "csirt@example.org";
    public static final String MAILBOX_PASSWORD = "mailbox-secret";

    private TestGatewayConfig() {
    }

    public static Map<String, String> values(GreenMailOperations greenMail, Path dataDir) {
        return new LoopbackMailConfig("Example CSIRT", TEAM_ADDRESS, MAILBOX_PASSWORD, greenMail.getImap().getPort(),
                greenMail.getSmtp().getPort(), dataDir, templatesDir()).values();
    }

    public static GatewayConfig create(GreenMailOperations greenMail, Path dataDir) {
        greenMail.setUser(TEAM_ADDRESS, TEAM_ADDRESS, MAILBOX_PASSWORD);
        return new ConfigLoader(Map.of()).fromValues(values(greenMail, dataDir));
    }

    /** As {@link #create(GreenMailOperations, Path)}, with some keys added or replaced (e.g. imap.processedFolder). */
    public static GatewayConfig create(GreenMailOperations greenMail, Path dataDir, Map<String, String> overrides) {
        greenMail.setUser(TEAM_ADDRESS, TEAM_ADDRESS, MAILBOX_PASSWORD);
        Map<String, String> values = new java.util.LinkedHashMap<>(values(greenMail, dataDir));
        values.putAll(overrides);
        return new ConfigLoader(Map.of()).fromValues(values);
    }

    /** config/templates of the project, found from whichever module's directory the tests run in. */
    public static Path templatesDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("config").resolve("templates");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("config/templates not found above " + Path.of("").toAbsolutePath());
    }
}
