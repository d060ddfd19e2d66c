package org.csirtgateway.ui.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins for one user name from one address, that
 * pair is locked out for {@link #LOCKOUT}. Kept in memory (a restart forgets it); bounded in size.
 */
public final class LoginThrottle {

    public static final int MAX_FAILURES = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Whether sign-in attempts for this name from this address are currently refused. */
    public boolean isLockedOut(String name, String address) {
        Failures entry = failures.get(key(name, address));
        return entry != null && entry.lockedUntil != null && clock.instant().isBefore(entry.lockedUntil);
    }

    public void recordFailure(String name, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ENTRIES) {
            failures.values().removeIf(entry -> entry.isStale(now));
        }
        failures.compute(key(name, address), (key, old) -> {
            Failures current = old == null || old.isStale(now) ? new Failures(0, now, null) : old;
            int count = current.count + 1;
            Instant lockedUntil = count >= MAX_FAILURES ? now.plus(LOCKOUT) : null;
            return new Failures(count >= MAX_FAILURES ? 0 : count, now, lockedUntil);
        });
    }

    public void recordSuccess(String name, String address) {
        failures.remove(key(name, address));
    }

    private static String key(String name, String address) {
        String user = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return user + "\u0000" + address;
    }

    /** Failures since {@code lastFailure}; forgotten when neither recent nor locked. */
    private record Failures(int count, Instant lastFailure, Instant lockedUntil) {
        boolean isStale(Instant now) {
            boolean locked = lockedUntil != null && now.isBefore(lockedUntil);
            return !locked && lastFailure.plus(LOCKOUT).isBefore(now);
        }
    }
}
