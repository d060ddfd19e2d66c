package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.csirtgateway.config.LoopbackMailConfig;
import org.csirtgateway.ticket.LegacyTagPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ticket keys: legacy tag patterns (a YAML list), the optional team details and the rate limits. */
class TicketConfigTest {

    @TempDir
    Path directory;

    @Test
    void legacyTagPatternsAreAYamlListAndTheOptionalDetailsDefaultToBlank() throws Exception {
        Path file = directory.resolve("gateway.yml");
        Files.writeString(file, """
                team:
                  address: csirt@example.org
                imap: {host: imap.example.org, user: csirt@example.org, password: x}
                smtp: {host: smtp.example.org}
                tickets:
                  legacyTagPatterns:
                    - 'rt=\\[example\\.org #(?<id>\\d+)\\]'
                    - 'old=\\[IR (?<ticket>\\d{4}-\\d{6})\\]'
                """);
        GatewayConfig config = new ConfigLoader(Map.of()).load(file);
        assertThat(config.legacyTagPatterns()).extracting(LegacyTagPattern::name).containsExactly("rt", "old");
        assertThat(config.team().keyFingerprint()).isEmpty();
        assertThat(config.team().contactUrl()).isEmpty();
        assertThat(config.acknowledgements().rateLimit().maxPerSenderPerHour()).isEqualTo(5);
        assertThat(config.acknowledgements().rateLimit().maxPerDomainPerHour()).isEqualTo(20);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> load(Map.of("tickets.legacyTagPatterns", "rt=(\\d+)")))
                .hasMessageContaining("tickets.legacyTagPatterns").hasMessageContaining("named group");
        assertThatThrownBy(() -> load(Map.of("team.keyFingerprint", "not hex")))
                .hasMessageContaining("team.keyFingerprint");
        assertThatThrownBy(() -> load(Map.of("team.contactUrl", "javascript:alert(1)")))
                .hasMessageContaining("team.contactUrl");
        assertThatThrownBy(() -> load(Map.of("acknowledgement.maxPerSenderPerHour", "0")))
                .hasMessageContaining("acknowledgement.maxPerSenderPerHour");
        assertThat(load(Map.of("team.keyFingerprint", "0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567",
                "team.contactUrl", "https://csirt.example.org/rfc2350")).team().contactUrl())
                .isEqualTo("https://csirt.example.org/rfc2350");
    }

    private GatewayConfig load(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(new LoopbackMailConfig("Example CSIRT", "csirt@example.org",
                "pw", 1143, 1025, directory, directory).values());
        values.putAll(overrides);
        return new ConfigLoader(Map.of()).fromValues(values);
    }
}
