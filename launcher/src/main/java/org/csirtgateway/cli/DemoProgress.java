package org.csirtgateway.cli;

import java.time.Duration;
import java.time.Instant;

import org.csirtgateway.Gateway;
import org.csirtgateway.store.Sql;

/** Watches the demo until every sample is taken and every queued acknowledgement left the outbox. */
final class DemoProgress {

    private final Gateway gateway;

    DemoProgress(Gateway gateway) {
        this.gateway = gateway;
    }

    /** True when every sample was taken and no acknowledgement waits; false when {@code timeout} passed first. */
    boolean awaitSettled(int samples, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            long[] counts = gateway.database().read(connection -> new long[] {
                    Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending'"),
                    Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"),
                    // Triage is the last step of a new ticket's processing (after indexing).
                    Sql.count(connection, "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS "
                            + "(SELECT 1 FROM ticket_triage tr WHERE tr.ticket_id = t.id)")});
            if (counts[0] >= samples && counts[1] == 0 && counts[2] == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
