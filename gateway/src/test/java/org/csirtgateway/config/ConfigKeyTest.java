package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Every key can be set from the environment under a name derived from its path. */
class ConfigKeyTest {

    @Test
    void environmentVariableNamesAreDerivedFromTheKeyPath() {
        assertThat(key("imap.host").environmentVariable()).isEqualTo("CSIRT_IMAP_HOST");
        assertThat(key("team.ticketPrefix").environmentVariable()).isEqualTo("CSIRT_TEAM_TICKET_PREFIX");
        assertThat(key("imap.allowPlain").environmentVariable()).isEqualTo("CSIRT_IMAP_ALLOW_PLAIN");
        assertThat(key("acknowledgement.defaultLanguage").environmentVariable())
                .isEqualTo("CSIRT_ACKNOWLEDGEMENT_DEFAULT_LANGUAGE");
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        Set<String> names = new HashSet<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(names.add(key.environmentVariable())).as("duplicate variable for %s", key.path()).isTrue();
            assertThat(key.environmentVariable()).matches("CSIRT_[A-Z0-9_]+");
        }
    }

    @Test
    void passwordsAreSecretsAndRequiredKeysHaveNoDefault() {
        assertThat(key("imap.password").secret()).isTrue();
        assertThat(key("smtp.password").secret()).isTrue();
        assertThat(key("imap.user").secret()).isFalse();
        assertThat(key("imap.host").required()).isTrue();
        assertThat(key("imap.port").required()).isFalse();
    }

    private static ConfigKey key(String path) {
        return ConfigKeys.find(path).orElseThrow();
    }
}
