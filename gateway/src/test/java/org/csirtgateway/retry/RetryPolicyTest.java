package org.csirtgateway.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delayGrowsByTheFactorWithEveryFailureUpToTheCap() {
        RetryPolicy policy = RetryPolicy.backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1));

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(policy.delayAfter(9)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(policy.delayAfter(10)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.delayAfter(25)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anyNumberOfFailuresEndsAtTheCapWithoutOverflowing() {
        RetryPolicy policy = RetryPolicy.backoff(Duration.ofMillis(200), 3.5, Duration.ofSeconds(1));

        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aFactorOfOneKeepsTheDelayConstant() {
        RetryPolicy policy = RetryPolicy.backoff(Duration.ofMillis(250), 1, Duration.ofMillis(250));

        assertThat(IntStream.rangeClosed(1, 50).mapToObj(policy::delayAfter)).containsOnly(Duration.ofMillis(250));
    }

    @Test
    void jitterKeepsEveryDelayWithinItsFractionAndNeverAboveTheCap() {
        RetryPolicy plain = RetryPolicy.backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(60));
        RetryPolicy jittered = plain.withJitter(0.2).withRandom(new Random(1));
        List<Long> firstDelays = new ArrayList<>();

        for (int i = 0; i < 2000; i++) {
            int failures = 1 + i % 10;
            long unjittered = plain.delayAfter(failures).toMillis();
            long delay = jittered.delayAfter(failures).toMillis();
            assertThat(delay).as("after %d failures", failures)
                    .isBetween(Math.round(unjittered * 0.8), Math.min(Math.round(unjittered * 1.2), 60_000));
            if (failures == 1) {
                firstDelays.add(delay);
            }
        }
        assertThat(firstDelays).as("spread over the whole range, both ways")
                .anyMatch(delay -> delay < 850).anyMatch(delay -> delay > 1150);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        RetryPolicy policy = RetryPolicy.backoff(Duration.ofSeconds(5), 2, Duration.ofHours(1)).withJitter(0.5);

        List<Duration> first = delays(policy.withRandom(new Random(42)));
        List<Duration> again = delays(policy.withRandom(new Random(42)));
        List<Duration> otherSeed = delays(policy.withRandom(new Random(43)));

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void withoutJitterNothingIsDrawnFromTheSourceOfRandomness() {
        RandomGenerator refusing = () -> {
            throw new AssertionError("drew a random number without jitter");
        };
        RetryPolicy policy = RetryPolicy.OUTBOX_DEFAULT.withRandom(refusing);

        assertThat(delays(policy)).startsWith(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    @Test
    void withMaxAttemptsItGivesUpAtThatFailureAndWithoutItNever() {
        RetryPolicy limited = RetryPolicy.backoff(Duration.ofSeconds(1), 2, Duration.ofMinutes(1)).withMaxAttempts(3);

        assertThat(limited.givesUpAfter(2)).isFalse();
        assertThat(limited.givesUpAfter(3)).isTrue();
        assertThat(limited.givesUpAfter(4)).isTrue();
        assertThat(limited.maxAttempts()).hasValue(3);
        assertThat(limited.withoutMaxAttempts().givesUpAfter(1_000_000)).isFalse();
        assertThat(limited.withoutMaxAttempts().maxAttempts()).isEmpty();
    }

    @Test
    void thePresetsKeepTheDelaysEachUseHadBefore() {
        assertThat(RetryPolicy.INTAKE_DEFAULT.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryPolicy.INTAKE_DEFAULT.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(RetryPolicy.INTAKE_DEFAULT.cap()).isEqualTo(Duration.ofHours(1));
        assertThat(RetryPolicy.INTAKE_DEFAULT.maxAttempts()).hasValue(5);

        assertThat(RetryPolicy.OUTBOX_DEFAULT.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.OUTBOX_DEFAULT.delayAfter(11)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryPolicy.OUTBOX_DEFAULT.maxAttempts()).hasValue(12);

        assertThat(RetryPolicy.IMAP_RECONNECT_DEFAULT.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.IMAP_RECONNECT_DEFAULT.delayAfter(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(RetryPolicy.IMAP_RECONNECT_DEFAULT.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryPolicy.IMAP_RECONNECT_DEFAULT.maxAttempts()).isEmpty();

        assertThat(List.of(RetryPolicy.INTAKE_DEFAULT, RetryPolicy.OUTBOX_DEFAULT,
                RetryPolicy.IMAP_RECONNECT_DEFAULT)).allSatisfy(preset -> {
                    assertThat(preset.factor()).isEqualTo(2);
                    assertThat(preset.jitter()).isZero();
                });
    }

    @Test
    void policiesWithTheSameParametersAreEqualWhateverTheirRandomness() {
        RetryPolicy policy = RetryPolicy.backoff(Duration.ofSeconds(5), 2, Duration.ofHours(1)).withMaxAttempts(12);

        assertThat(policy).isEqualTo(RetryPolicy.OUTBOX_DEFAULT).hasSameHashCodeAs(RetryPolicy.OUTBOX_DEFAULT);
        assertThat(policy.withRandom(new Random(7))).isEqualTo(RetryPolicy.OUTBOX_DEFAULT);
        assertThat(policy.withJitter(0.1)).isNotEqualTo(RetryPolicy.OUTBOX_DEFAULT);
        assertThat(RetryPolicy.OUTBOX_DEFAULT).hasToString(
                "RetryPolicy[initial 5s, factor 2, cap 3600s, jitter 0, at most 12 attempts]");
    }

    @Test
    void invalidParametersAreRefusedNamingTheirLimit() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> RetryPolicy.backoff(Duration.ofNanos(999_999), 2, second))
                .hasMessage("initial delay must be at least 1 ms, got PT0.000999999S");
        assertThatThrownBy(() -> RetryPolicy.backoff(second, 0.5, second))
                .hasMessageContaining("factor must be a number of at least 1");
        assertThatThrownBy(() -> RetryPolicy.backoff(second, Double.NaN, second))
                .hasMessageContaining("factor must be a number of at least 1");
        assertThatThrownBy(() -> RetryPolicy.backoff(second, 2, Duration.ofMillis(999)))
                .hasMessage("cap (PT0.999S) must not be below the initial delay (PT1S)");
        assertThatThrownBy(() -> RetryPolicy.IMAP_RECONNECT_DEFAULT.withJitter(1))
                .hasMessage("jitter must be at least 0 and below 1, got 1.0");
        assertThatThrownBy(() -> RetryPolicy.IMAP_RECONNECT_DEFAULT.withJitter(-0.1))
                .hasMessage("jitter must be at least 0 and below 1, got -0.1");
        assertThatThrownBy(() -> RetryPolicy.IMAP_RECONNECT_DEFAULT.withMaxAttempts(0))
                .hasMessage("maxAttempts must be at least 1, got 0");
        assertThatThrownBy(() -> RetryPolicy.IMAP_RECONNECT_DEFAULT.delayAfter(0))
                .hasMessage("failures must be at least 1, got 0");
    }

    @Test
    void durationsAndNumbersAreWrittenTheWayConfigurationKeysTakeThem() {
        assertThat(RetryPolicy.seconds(Duration.ofHours(1))).isEqualTo("3600");
        assertThat(RetryPolicy.seconds(Duration.ofMillis(200))).isEqualTo("0.2");
        assertThat(RetryPolicy.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
        assertThat(RetryPolicy.number(2.0)).isEqualTo("2");
        assertThat(RetryPolicy.number(0.25)).isEqualTo("0.25");
        assertThat(RetryPolicy.number(0)).isEqualTo("0");
    }

    private static List<Duration> delays(RetryPolicy policy) {
        return IntStream.rangeClosed(1, 12).mapToObj(policy::delayAfter).toList();
    }
}
