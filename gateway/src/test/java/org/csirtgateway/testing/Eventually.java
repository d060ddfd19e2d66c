package org.csirtgateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for something that happens asynchronously (a poll, a delivery), failing with a description on time-out. */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for: " + what, e);
            }
        }
    }
}
