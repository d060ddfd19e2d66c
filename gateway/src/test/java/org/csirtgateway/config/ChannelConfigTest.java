package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.csirtgateway.fetch.ImapSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several mailboxes in one configuration: the imap.* block is the default channel, imap.<name>.* the others. */
class ChannelConfigTest {

    @TempDir
    Path dir;

    private static Map<String, String> base() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("team.address", "csirt@example.org");
        values.put("imap.host", "imap.example.org");
        values.put("imap.user", "csirt@example.org");
        values.put("imap.password", "secret-1");
        values.put("imap.processedFolder", "Processed");
        values.put("smtp.host", "smtp.example.org");
        return values;
    }

    @Test
    void furtherChannelInheritsServerSettingsButNeedsItsOwnLogin() {
        Map<String, String> values = base();
        values.put("imap.channels", "abuse");
        values.put("imap.abuse.user", "abuse@example.org");
        values.put("imap.abuse.password", "secret-2");
        values.put("imap.abuse.folder", "Abuse");

        GatewayConfig config = new ConfigLoader(Map.of()).fromValues(values);

        assertThat(config.channels()).extracting(ImapSettings::channel).containsExactly("csirt", "abuse");
        ImapSettings abuse = config.channels().get(1);
        assertThat(abuse.host()).isEqualTo("imap.example.org");
        assertThat(abuse.port()).isEqualTo(993);
        assertThat(abuse.security()).isEqualTo("imaps");
        assertThat(abuse.processedFolder()).contains("Processed");
        assertThat(abuse.user()).isEqualTo("abuse@example.org");
        assertThat(abuse.folder()).isEqualTo("Abuse");
    }

    @Test
    void channelKeysCanComeFromTheEnvironment() {
        Map<String, String> values = base();
        values.put("imap.channels", "abuse");
        Map<String, String> environment = Map.of("CSIRT_IMAP_ABUSE_USER", "abuse@example.org",
                "CSIRT_IMAP_ABUSE_PASSWORD", "from-env", "CSIRT_IMAP_ABUSE_HOST", "other.example.org");

        ImapSettings abuse = new ConfigLoader(environment).fromValues(values).channels().get(1);

        assertThat(abuse.host()).isEqualTo("other.example.org");
        assertThat(abuse.password()).isEqualTo("from-env");
        assertThat(abuse.toString()).doesNotContain("from-env");
    }

    @Test
    void furtherChannelWithoutItsOwnPasswordIsRefusedNamingTheKey() {
        Map<String, String> values = base();
        values.put("imap.channels", "abuse");
        values.put("imap.abuse.user", "abuse@example.org");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("imap.abuse.password")
                .hasMessageContaining("CSIRT_IMAP_ABUSE_PASSWORD");
    }

    @Test
    void keyOfAnUndeclaredChannelIsRefused() {
        Map<String, String> values = base();
        values.put("imap.abuse.host", "imap.example.org");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(values))
                .hasMessageContaining("'imap.abuse.host' is for channel 'abuse', which is not listed in imap.channels");
    }

    @Test
    void channelNamedTwiceOrLikeAKeyIsRefused() {
        Map<String, String> twice = base();
        twice.put("imap.channels", "csirt");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(twice)).hasMessageContaining("named twice");

        Map<String, String> keyName = base();
        keyName.put("imap.channels", "host");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(keyName)).hasMessageContaining("key name");
    }

    @Test
    void yamlMayListTheChannels() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                team: {address: csirt@example.org}
                imap:
                  host: imap.example.org
                  user: csirt@example.org
                  password: x
                  channels: [abuse, phishing]
                  abuse: {user: abuse@example.org, password: y}
                  phishing: {user: phishing@example.org, password: z, pollSeconds: 5}
                smtp: {host: smtp.example.org}
                """);

        GatewayConfig config = new ConfigLoader(Map.of()).load(file);

        assertThat(config.channels()).extracting(ImapSettings::channel).containsExactly("csirt", "abuse", "phishing");
        assertThat(config.channels().get(2).pollInterval()).hasSeconds(5);
    }

    @Test
    void plainImapNeedsExplicitPermissionPerChannel() {
        Map<String, String> values = base();
        values.put("imap.channels", "abuse");
        values.put("imap.abuse.user", "abuse@example.org");
        values.put("imap.abuse.password", "y");
        values.put("imap.abuse.security", "plain");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(values))
                .hasMessageContaining("imap.abuse.security")
                .hasMessageContaining("imap.abuse.allowPlain");
    }

    @Test
    void unreadableTrustStoreStopsStartUpNamingTheChannel() {
        Map<String, String> values = base();
        values.put("imap.trustStore", dir.resolve("missing.p12").toString());
        GatewayConfig config = new ConfigLoader(Map.of()).fromValues(values);

        assertThatThrownBy(() -> new org.csirtgateway.fetch.ImapPoller(config.imap(), null, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Trust store of channel csirt")
                .hasMessageContaining("missing.p12");
    }
}
