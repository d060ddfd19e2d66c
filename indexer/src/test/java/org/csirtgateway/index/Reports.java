package org.csirtgateway.index;

import java.time.Instant;

/** Test messages: short builders for the few fields a test cares about. */
final class Reports {

    static final Instant DAY_ONE = Instant.parse("2026-03-01T09:00:00Z");

    private Reports() {
    }

    static IndexedMessage message(String key, String ticket, String subject, String body, Instant receivedAt) {
        return new IndexedMessage(key, ticket, subject, "Reporter <reporter@example.org>", body, receivedAt, "OPEN");
    }

    static IndexedMessage message(String key, String ticket, String subject, String body) {
        return message(key, ticket, subject, body, DAY_ONE);
    }

    static Instant day(int n) {
        return DAY_ONE.plusSeconds(86_400L * (n - 1));
    }
}
