package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.csirtgateway.fetch.ImapSettings;
import org.csirtgateway.retry.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each use of the one retry policy has its keys: intake.retry.* with intake.maxAttempts, smtp.retry.* with
 * smtp.maxAttempts, imap.retry.* (inherited by further mailboxes). The intake's older key intake.retrySeconds still
 * sets the first delay.
 */
class RetryConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutRetryKeysEachUseKeepsItsPreset() {
        GatewayConfig config = load(Map.of());

        assertThat(config.intake()).isEqualTo(RetryPolicy.INTAKE_DEFAULT);
        assertThat(config.smtp().retry()).isEqualTo(RetryPolicy.OUTBOX_DEFAULT);
        assertThat(config.imap().reconnect()).isEqualTo(RetryPolicy.IMAP_RECONNECT_DEFAULT);
    }

    @Test
    void eachUseTakesItsOwnKeysAndDelaysMayBeFractionsOfASecond() {
        GatewayConfig config = load(Map.of(
                "smtp.retry.initialSeconds", "0.2", "smtp.retry.factor", "1.5", "smtp.retry.capSeconds", "1",
                "smtp.retry.jitter", "0.25", "smtp.maxAttempts", "3",
                "imap.retry.initialSeconds", "0.05", "imap.retry.capSeconds", "0.5",
                "intake.retry.initialSeconds", "0.5", "intake.retry.factor", "1", "intake.maxAttempts", "2"));

        assertThat(config.smtp().retry()).isEqualTo(RetryPolicy.backoff(Duration.ofMillis(200), 1.5,
                Duration.ofSeconds(1)).withJitter(0.25).withMaxAttempts(3));
        assertThat(config.imap().reconnect()).isEqualTo(RetryPolicy.backoff(Duration.ofMillis(50), 2,
                Duration.ofMillis(500)));
        assertThat(config.intake()).isEqualTo(RetryPolicy.backoff(Duration.ofMillis(500), 1, Duration.ofHours(1))
                .withMaxAttempts(2));
    }

    @Test
    void theOldIntakeKeysStillSetTheFirstDelayAndTheAttempts() throws Exception {
        RetryPolicy expected = RetryPolicy.backoff(Duration.ofSeconds(1), 2, Duration.ofHours(1)).withMaxAttempts(3);

        assertThat(load(Map.of("intake.retrySeconds", "1", "intake.maxAttempts", "3")).intake()).isEqualTo(expected);
        Map<String, String> values = ConfigLoaderTest.minimalValues();
        values.put("intake.maxAttempts", "3");
        assertThat(new ConfigLoader(Map.of("CSIRT_INTAKE_RETRY_SECONDS", "1")).fromValues(values).intake())
                .isEqualTo(expected);
        Path file = Files.writeString(dir.resolve("gateway.yml"), """
                team: {address: csirt@example.org}
                imap: {host: imap.example.org, user: csirt@example.org, password: x}
                smtp: {host: smtp.example.org}
                intake:
                  maxAttempts: 3
                  retrySeconds: 1
                """);
        assertThat(new ConfigLoader(Map.of()).load(file).intake()).isEqualTo(expected);
    }

    @Test
    void theOldAndTheNewNameOfTheFirstIntakeDelayAreNotAcceptedTogether() {
        assertThatThrownBy(() -> load(Map.of("intake.retrySeconds", "1", "intake.retry.initialSeconds", "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Keys 'intake.retrySeconds' and 'intake.retry.initialSeconds' are both set; they are one "
                        + "setting (intake.retrySeconds is its old name): keep only intake.retry.initialSeconds");

        Map<String, String> values = ConfigLoaderTest.minimalValues();
        values.put("intake.retrySeconds", "1");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("CSIRT_INTAKE_RETRY_INITIAL_SECONDS", "2"))
                .fromValues(values)).hasMessageContaining("both set");
    }

    @Test
    void aFurtherMailboxInheritsTheReconnectionBackoffUnlessItGivesItsOwn() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yml"), """
                team: {address: csirt@example.org}
                imap:
                  host: imap.example.org
                  user: csirt@example.org
                  password: x
                  retry: {initialSeconds: 2, capSeconds: 60}
                  channels: [abuse, phishing]
                  abuse: {user: abuse@example.org, password: y}
                  phishing:
                    user: phishing@example.org
                    password: z
                    retry: {initialSeconds: 0.5}
                smtp: {host: smtp.example.org}
                """);

        GatewayConfig config = new ConfigLoader(Map.of("CSIRT_IMAP_PHISHING_RETRY_JITTER", "0.1")).load(file);

        RetryPolicy inherited = RetryPolicy.backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(60));
        assertThat(config.channels()).extracting(ImapSettings::reconnect).containsExactly(inherited, inherited,
                RetryPolicy.backoff(Duration.ofMillis(500), 2, Duration.ofSeconds(60)).withJitter(0.1));
    }

    @Test
    void badRetryValuesNameTheirKeyAndLimit() {
        assertInvalid("smtp.retry.initialSeconds", "0",
                "Key 'smtp.retry.initialSeconds' must be from 0.001 to 2592000 seconds, got 0");
        assertInvalid("smtp.retry.initialSeconds", "0.0005", "must be from 0.001 to 2592000 seconds");
        assertInvalid("smtp.retry.capSeconds", "3000000", "'smtp.retry.capSeconds' must be from 0.001 to 2592000");
        assertInvalid("smtp.retry.initialSeconds", "0.0015",
                "Key 'smtp.retry.initialSeconds' takes seconds to the millisecond (at most 3 decimals), got 0.0015");
        assertInvalid("imap.retry.initialSeconds", "soon",
                "Key 'imap.retry.initialSeconds' must be a number of seconds such as 10 or 0.2, got 'soon'");
        assertInvalid("smtp.retry.factor", "0.5",
                "Key 'smtp.retry.factor' must be from 1 (always the same wait) to 100, got 0.5");
        assertInvalid("intake.retry.factor", "double", "Key 'intake.retry.factor' must be a number such as 2");
        assertInvalid("imap.retry.jitter", "1",
                "Key 'imap.retry.jitter' must be a fraction from 0 to below 1 (0.2: plus or minus 20 %), got 1");
        assertInvalid("intake.retry.capSeconds", "5",
                "Key 'intake.retry.capSeconds' (5) must not be below intake.retry.initialSeconds (10)");
        assertInvalid("intake.retrySeconds", "7200",
                "Key 'intake.retry.capSeconds' (3600) must not be below intake.retrySeconds (7200)");
        assertInvalid("smtp.maxAttempts", "0", "Key 'smtp.maxAttempts' must be greater than 0");
    }

    @Test
    void aFurtherMailboxsBadRetryValueNamesItsOwnKey() {
        assertThatThrownBy(() -> load(Map.of("imap.channels", "abuse", "imap.abuse.user", "abuse@example.org",
                "imap.abuse.password", "y", "imap.abuse.retry.factor", "0")))
                .hasMessageStartingWith("Key 'imap.abuse.retry.factor' must be from 1");
    }

    @Test
    void aMailboxCanNotBeNamedLikeTheRetryKeys() {
        assertThatThrownBy(() -> load(Map.of("imap.channels", "retry"))).hasMessageContaining("key name");
    }

    private static GatewayConfig load(Map<String, String> keys) {
        Map<String, String> values = ConfigLoaderTest.minimalValues();
        values.putAll(keys);
        return new ConfigLoader(Map.of()).fromValues(values);
    }

    private static void assertInvalid(String key, String value, String message) {
        assertThatThrownBy(() -> load(Map.of(key, value))).as("%s: %s", key, value)
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
