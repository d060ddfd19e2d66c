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

    /**
     * Waits until the gateway has finished every message it fetched, and a moment more for indexing, so that a test
     * does not stop it in the middle of a Lucene write (stopping interrupts the poller thread, and an interrupt
     * during file I/O invalidates the index lock).
     */
    public static void quiet(org.csirtgateway.Gateway gateway) {
        await("no message pending", Duration.ofSeconds(30), () -> gateway.database().read(connection ->
                org.csirtgateway.store.Sql.count(connection,
                        "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'") == 0));
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
