package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IndicatorAllowlistConfigTest {

    private static Map<String, String> values(String allowlist) {
        Map<String, String> values = new HashMap<>(new LoopbackMailConfig("Example CSIRT", "csirt@example.org",
                "secret", 3143, 3025, Path.of("data"), Path.of("config/templates")).values());
        if (allowlist != null) {
            values.put("indicators.allowlist", allowlist);
        }
        return values;
    }

    @Test
    void allowlistIsEmptyByDefault() {
        assertThat(new ConfigLoader(Map.of()).fromValues(values(null)).indicatorAllowlist()).isEmpty();
    }

    @Test
    void allowlistTakesCommaSeparatedDomainsAndAddresses() {
        GatewayConfig config = new ConfigLoader(Map.of()).fromValues(values(" Example.org, 192.0.2.1 ,2001:db8::1,"));
        assertThat(config.indicatorAllowlist()).containsExactly("example.org", "192.0.2.1", "2001:db8::1");
    }

    @Test
    void allowlistEntryThatIsNeitherDomainNorAddressNamesTheKey() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).fromValues(values("example.org, not a domain!")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'indicators.allowlist'").hasMessageContaining("'not a domain!'");
    }

    @Test
    void allowlistCanComeFromTheEnvironment() {
        GatewayConfig config = new ConfigLoader(Map.of("CSIRT_INDICATORS_ALLOWLIST", "cert.example.net"))
                .fromValues(values(null));
        assertThat(config.indicatorAllowlist()).containsExactly("cert.example.net");
    }
}
