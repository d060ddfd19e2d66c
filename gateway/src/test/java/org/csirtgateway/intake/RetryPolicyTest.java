package org.csirtgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delayDoublesWithEveryFailureUpToAnHour() {
        RetryPolicy policy = new RetryPolicy(30, Duration.ofSeconds(10));
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(policy.delayAfter(25)).isEqualTo(RetryPolicy.MAX_DELAY);
    }
}
