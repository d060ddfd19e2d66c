package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration file plus environment overrides. A wrong value stops start-up with a message that names the key
 * (and, when a key is missing, the environment variable that can supply it).
 */
class ConfigLoaderTest {

    private static final String MINIMAL = """
            team:
              address: CSIRT@Example.org
            imap:
              host: imap.example.org
              user: csirt@example.org
              password: file-imap-password
            smtp:
              host: smtp.example.org
            """;

    @TempDir
    Path dir;

    @Test
    void minimalFileGetsTheDocumentedDefaults() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of()).load(file(MINIMAL));

        assertThat(config.team().address()).isEqualTo("csirt@example.org");
        assertThat(config.team().name()).isEqualTo("Example CSIRT");
        assertThat(config.ticketPrefix()).isEqualTo("CSIRT#");
        assertThat(config.imap().port()).isEqualTo(993);
        assertThat(config.imap().security()).isEqualTo("imaps");
        assertThat(config.imap().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.smtp().port()).isEqualTo(587);
        assertThat(config.smtp().security()).isEqualTo("starttls");
        assertThat(config.acknowledgements().enabled()).isTrue();
        assertThat(config.acknowledgements().defaultLanguage()).isEqualTo("en");
        assertThat(config.databaseFile()).isEqualTo(Path.of("./data").resolve("gateway.db"));
    }

    @Test
    void projectExampleFileLoadsOnceThePasswordComesFromTheEnvironment() {
        Path example = org.csirtgateway.testing.TestGatewayConfig.templatesDir().getParent()
                .resolve("gateway.example.yml");

        GatewayConfig config = new ConfigLoader(Map.of("CSIRT_IMAP_PASSWORD", "from-env")).load(example);

        assertThat(config.imap().password()).isEqualTo("from-env");
        assertThat(config.imap().host()).isEqualTo("imap.example.org");
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of(
                "CSIRT_IMAP_HOST", "imap.internal.example",
                "CSIRT_IMAP_PASSWORD", "env-imap-password",
                "CSIRT_TEAM_TICKET_PREFIX", "JPCERT#",
                "CSIRT_IMAP_POLL_SECONDS", "5")).load(file(MINIMAL));

        assertThat(config.imap().host()).isEqualTo("imap.internal.example");
        assertThat(config.imap().password()).isEqualTo("env-imap-password");
        assertThat(config.ticketPrefix()).isEqualTo("JPCERT#");
        assertThat(config.imap().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.smtp().host()).as("keys without a variable still come from the file")
                .isEqualTo("smtp.example.org");
    }

    @Test
    void missingRequiredKeyNamesTheKeyAndItsEnvironmentVariable() throws Exception {
        String withoutPassword = MINIMAL.replace("  password: file-imap-password\n", "");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file(withoutPassword)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'imap.password'")
                .hasMessageContaining("CSIRT_IMAP_PASSWORD");
    }

    @Test
    void blankRequiredKeyCountsAsMissing() {
        Map<String, String> values = minimalValues();
        values.put("imap.host", "   ");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(values))
                .hasMessageContaining("'imap.host'").hasMessageContaining("CSIRT_IMAP_HOST");
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertInvalid("imap.port", "ninety-nine", "'imap.port'");
        assertInvalid("imap.port", "70000", "'imap.port'");
        assertInvalid("smtp.port", "-1", "'smtp.port'");
        assertInvalid("imap.pollSeconds", "0", "'imap.pollSeconds'");
        assertInvalid("acknowledgement.enabled", "maybe", "'acknowledgement.enabled'");
        assertInvalid("imap.security", "ssl", "'imap.security'");
        assertInvalid("team.address", "not-an-address", "'team.address'");
        assertInvalid("team.ticketPrefix", "CSIRT #", "'team.ticketPrefix'");
        assertInvalid("acknowledgement.defaultLanguage", "english", "'acknowledgement.defaultLanguage'");
    }

    @Test
    void plainTextMailServersNeedExplicitPermission() {
        assertInvalid("imap.security", "plain", "imap.allowPlain");
        assertInvalid("smtp.security", "plain", "smtp.allowPlain");

        Map<String, String> values = minimalValues();
        values.put("smtp.security", "plain");
        values.put("smtp.allowPlain", "true");
        assertThat(new ConfigLoader(Map.of()).fromValues(values).smtp().security()).isEqualTo("plain");
    }

    @Test
    void unknownKeyIsAnErrorNotASilentDefault() throws Exception {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file(MINIMAL + "  pollSecond: 5\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'smtp.pollSecond'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file(MINIMAL + "imap2:\n  host: x\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'imap2.host'");
    }

    @Test
    void listWhereASingleValueBelongsIsAnError() throws Exception {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file(MINIMAL + "  port: [25, 587]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'smtp.port'");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.yml");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(missing))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void invalidYamlNamesTheLine() throws Exception {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file("team:\n  name: [unclosed\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML")
                .hasMessageContaining("line");
    }

    private void assertInvalid(String key, String value, String messageNames) {
        Map<String, String> values = minimalValues();
        values.put(key, value);

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(values)).as("%s: %s", key, value)
                .isInstanceOf(ConfigException.class).hasMessageContaining(messageNames);
    }

    static Map<String, String> minimalValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("team.address", "csirt@example.org");
        values.put("imap.host", "imap.example.org");
        values.put("imap.user", "csirt@example.org");
        values.put("imap.password", "file-imap-password");
        values.put("smtp.host", "smtp.example.org");
        return values;
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "gateway", ".yml"), yaml);
    }
}
