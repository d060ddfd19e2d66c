package org.csirtgateway.retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How long to wait after a failure before trying again, and when to give up: capped exponential backoff, written once
 * for every retry in the gateway (a failed intake stage, SMTP delivery of the outbox, reconnecting to a mailbox). Each
 * use has its preset here and its own configuration keys ({@code intake.retry.*}, {@code smtp.retry.*},
 * {@code imap.retry.*}).
 *
 * <p>The delay after the n-th failure in a row is {@code initialDelay * factor^(n-1)}, at most {@code cap}. With a
 * {@code jitter} j above 0 each delay is then spread evenly over plus or minus j of itself, still never above the
 * cap, so that many waiting parties (mails, mailboxes) do not all come back at the same instant. Delays are whole
 * milliseconds. With {@code maxAttempts} m the m-th failure is the last ({@link #givesUpAfter}); without, it never
 * gives up.
 *
 * <p>Immutable. The jitter draws from {@link ThreadLocalRandom} unless another source is given with
 * {@link #withRandom} (tests give a seeded one); without jitter nothing is drawn. Two policies are equal when their
 * parameters are, whatever their source of randomness.
 */
public final class RetryPolicy {

    /** A failed intake stage: 10 s, doubling up to 1 h; the message is quarantined at the 5th failure. */
    public static final RetryPolicy INTAKE_DEFAULT =
            backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1)).withMaxAttempts(5);
    /** A mail the SMTP server did not take (unreachable, 4xx): 5 s, doubling up to 1 h; failed at the 12th. */
    public static final RetryPolicy OUTBOX_DEFAULT =
            backoff(Duration.ofSeconds(5), 2, Duration.ofHours(1)).withMaxAttempts(12);
    /** A mailbox that cannot be reached: reconnect after 1 s, doubling up to 5 min, for as long as it takes. */
    public static final RetryPolicy IMAP_RECONNECT_DEFAULT = backoff(Duration.ofSeconds(1), 2, Duration.ofMinutes(5));

    private final Duration initialDelay;
    private final double factor;
    private final Duration cap;
    private final double jitter;
    /** 0: no limit. */
    private final int maxAttempts;
    /** null: {@link ThreadLocalRandom#current()} of the calling thread. */
    private final RandomGenerator random;

    private RetryPolicy(Duration initialDelay, double factor, Duration cap, double jitter, int maxAttempts,
                        RandomGenerator random) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(cap, "cap");
        if (initialDelay.toMillis() < 1) {
            throw new IllegalArgumentException("initial delay must be at least 1 ms, got " + initialDelay);
        }
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a number of at least 1 (1 keeps the delay constant), "
                    + "got " + factor);
        }
        if (cap.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("cap (" + cap + ") must not be below the initial delay ("
                    + initialDelay + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be at least 0 and below 1, got " + jitter);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.initialDelay = initialDelay;
        this.factor = factor;
        this.cap = cap;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    /**
     * Waits {@code initialDelay} after the first failure, {@code factor} times longer after each further one, never
     * longer than {@code cap}; no jitter, no limit on attempts.
     *
     * @throws IllegalArgumentException naming the parameter and its limit: an initial delay under 1 ms, a factor
     *                                  under 1, a cap below the initial delay
     */
    public static RetryPolicy backoff(Duration initialDelay, double factor, Duration cap) {
        return new RetryPolicy(initialDelay, factor, cap, 0, 0, null);
    }

    /** This policy with each delay spread over plus or minus {@code jitter} (a fraction, 0 to below 1) of itself. */
    public RetryPolicy withJitter(double jitter) {
        return new RetryPolicy(initialDelay, factor, cap, jitter, maxAttempts, random);
    }

    /** This policy giving up at the {@code maxAttempts}-th failure (at least 1). */
    public RetryPolicy withMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        return new RetryPolicy(initialDelay, factor, cap, jitter, maxAttempts, random);
    }

    /** This policy trying for as long as it takes. */
    public RetryPolicy withoutMaxAttempts() {
        return new RetryPolicy(initialDelay, factor, cap, jitter, 0, random);
    }

    /**
     * This policy drawing its jitter from {@code random}, e.g. a seeded {@link java.util.Random} in a test; it must be
     * safe for every thread that uses the policy (as {@code java.util.Random} is).
     */
    public RetryPolicy withRandom(RandomGenerator random) {
        return new RetryPolicy(initialDelay, factor, cap, jitter, maxAttempts, Objects.requireNonNull(random));
    }

    /** The delay after the {@code failures}-th failure in a row (1 for the first). */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        double capMillis = cap.toMillis();
        // Math.pow grows to infinity, never wraps, so any number of failures ends at the cap.
        double millis = Math.min(initialDelay.toMillis() * Math.pow(factor, failures - 1), capMillis);
        if (jitter > 0) {
            RandomGenerator source = random != null ? random : ThreadLocalRandom.current();
            millis = Math.min(millis * (1 + jitter * (2 * source.nextDouble() - 1)), capMillis);
        }
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    /** Whether the {@code failures}-th failure is the last one tried: true from {@code maxAttempts} on, if any. */
    public boolean givesUpAfter(int failures) {
        return maxAttempts > 0 && failures >= maxAttempts;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public double factor() {
        return factor;
    }

    public Duration cap() {
        return cap;
    }

    public double jitter() {
        return jitter;
    }

    /** Failures after which it gives up; empty when it never does. */
    public OptionalInt maxAttempts() {
        return maxAttempts > 0 ? OptionalInt.of(maxAttempts) : OptionalInt.empty();
    }

    /** A duration as seconds the way configuration keys take them: 10, 0.2, 3600 (whole milliseconds). */
    public static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** A number the way configuration keys take it: 2, 1.5, 0.2. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetryPolicy that && initialDelay.equals(that.initialDelay)
                && Double.compare(factor, that.factor) == 0 && cap.equals(that.cap)
                && Double.compare(jitter, that.jitter) == 0 && maxAttempts == that.maxAttempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDelay, factor, cap, jitter, maxAttempts);
    }

    @Override
    public String toString() {
        return "RetryPolicy[initial " + seconds(initialDelay) + "s, factor " + number(factor) + ", cap "
                + seconds(cap) + "s, jitter " + number(jitter) + ", "
                + (maxAttempts > 0 ? "at most " + maxAttempts + " attempts" : "no limit on attempts") + "]";
    }
}
