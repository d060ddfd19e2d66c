package org.csirtgateway.intake;

import java.time.Duration;

/**
 * How a message whose processing failed is retried before it is quarantined.
 *
 * @param maxAttempts failed attempts after which the message is quarantined ({@code intake.maxAttempts})
 * @param firstRetry  delay before the first retry; it doubles with every failure up to {@link #MAX_DELAY}
 */
public record RetryPolicy(int maxAttempts, Duration firstRetry) {

    public static final Duration MAX_DELAY = Duration.ofHours(1);
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("firstRetry must be positive, got " + firstRetry);
        }
    }

    /** The delay after the {@code failures}-th failure (1-based). */
    public Duration delayAfter(int failures) {
        Duration delay = firstRetry.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
