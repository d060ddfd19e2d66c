package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.csirtgateway.config.EffectiveConfiguration.Entry;
import org.csirtgateway.config.EffectiveConfiguration.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The effective configuration the admin UI shows: every key, its value and where it came from. Threat: the view
 * becomes a way to read the mailbox passwords and key passphrases, so secrets are dropped where values are collected.
 */
class EffectiveConfigurationTest {

    private static final String SECRET = "Zebra-Quokka-7781-never-shown";

    @TempDir
    Path dir;

    @Test
    void everyKeyIsListedWithTheSourceOfItsValue() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yml"), """
                team:
                  address: csirt@example.org
                  name: File CSIRT
                imap:
                  host: imap.example.org
                  user: csirt@example.org
                smtp:
                  host: smtp.example.org
                """);
        GatewayConfig config = new ConfigLoader(Map.of("CSIRT_IMAP_PASSWORD", SECRET, "CSIRT_IMAP_PORT", "1993"))
                .load(file);

        Map<String, Entry> entries = byKey(config.effective());
        assertThat(entries.keySet()).containsAll(ConfigKeys.ALL.stream().map(ConfigKey::path).toList());
        assertThat(entries.get("team.name").value()).isEqualTo("File CSIRT");
        assertThat(entries.get("team.name").source()).isEqualTo(Source.FILE);
        assertThat(entries.get("imap.port").value()).isEqualTo("1993");
        assertThat(entries.get("imap.port").source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(entries.get("imap.port").environmentVariable()).isEqualTo("CSIRT_IMAP_PORT");
        assertThat(entries.get("imap.folder").value()).isEqualTo("INBOX");
        assertThat(entries.get("imap.folder").source()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void secretsKeepOnlyWhetherTheyAreSetNeverTheirValue() {
        Map<String, String> values = ConfigLoaderTest.minimalValues();
        values.put("imap.password", SECRET);
        values.put("imap.channels", "abuse");
        values.put("imap.abuse.user", "abuse@example.org");
        values.put("imap.abuse.password", SECRET + "-abuse");
        GatewayConfig config = new ConfigLoader(Map.of("CSIRT_PGP_PASSPHRASE", SECRET + "-pgp")).fromValues(values);

        Map<String, Entry> entries = byKey(config.effective());
        for (String key : new String[] {"imap.password", "imap.abuse.password", "pgp.passphrase"}) {
            assertThat(entries.get(key).secret()).as(key).isTrue();
            assertThat(entries.get(key).value()).as(key).isNull();
            assertThat(entries.get(key).set()).as(key).isTrue();
        }
        assertThat(entries.get("smtp.password").set()).isFalse();
        assertThat(entries.get("imap.abuse.user").value()).isEqualTo("abuse@example.org");
        assertThat(config.effective().entries()).allSatisfy(entry ->
                assertThat(entry.toString()).doesNotContain(SECRET));
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    /** A safety net for new keys: a key named like a credential must be marked secret in ConfigKeys. */
    @Test
    void everyKeyNamedLikeACredentialIsMarkedSecret() {
        Pattern credential = Pattern.compile("(?i).*(password|passphrase|token|apikey|credential)$");
        assertThat(ConfigKeys.ALL).filteredOn(key -> credential.matcher(key.path()).matches())
                .isNotEmpty()
                .allSatisfy(key -> assertThat(key.secret()).as(key.path()).isTrue());
    }

    private static Map<String, Entry> byKey(EffectiveConfiguration effective) {
        return effective.entries().stream().collect(Collectors.toMap(Entry::key, Function.identity()));
    }
}
