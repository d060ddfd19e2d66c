package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.config.LoopbackMailConfig;
import org.csirtgateway.testing.ExampleProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeamDefinitionsTest {

    @TempDir
    Path dir;

    private GatewayConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(new LoopbackMailConfig("T", "t@example.org", "pw", 1, 2, dir,
                dir).values());
        values.putAll(extra);
        return new ConfigLoader(Map.of()).fromValues(values);
    }

    @Test
    void withoutTheDefaultProfileFileTheGatewayRunsWithoutAConstituency() {
        TeamDefinitions definitions = TeamDefinitions.load(config(Map.of()));
        assertThat(definitions.profile().constituency().isEmpty()).isTrue();
        assertThat(definitions.triage().rules()).isEmpty();
        assertThat(definitions.triage().taxonomy().category("fraud/phishing")).isPresent();
    }

    @Test
    void aProfileFileThatWasNamedButIsMissingStopsStartUp() {
        assertThatThrownBy(() -> TeamDefinitions.load(config(Map.of("profile.file",
                dir.resolve("nope.yml").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Key 'profile.file': the team profile ").hasMessageContaining("does not exist");
    }

    @Test
    void aWrongValueInTheProfileNamesTheFileAndTheKeyPath() {
        Path file = ExampleProfile.write(dir, "constituency:\n  networks: [192.0.2.0/24, 10.0.0.0/33]\n");
        assertThatThrownBy(() -> TeamDefinitions.load(config(Map.of("profile.file", file.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Team profile " + file + ": constituency.networks[1]: '10.0.0.0/33' is not a CIDR "
                        + "network such as 192.0.2.0/24 or 2001:db8::/32");
    }
}
