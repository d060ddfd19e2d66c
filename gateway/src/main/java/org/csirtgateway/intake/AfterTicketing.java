package org.csirtgateway.intake;

import java.util.List;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.ticket.Placement;

/**
 * A step that runs after a message is on its ticket (the ticket transaction committed) and indexed (or indexing
 * failed), e.g. triage. It must not throw: what goes wrong in it is its own outcome to record, because the ticket
 * already stands.
 */
@FunctionalInterface
public interface AfterTicketing {

    void ticketed(Placement placement, ParsedReport report, String rawSha256);

    /** A message on its ticket, as handed to {@link #ticketedAll}. */
    record Ticketed(Placement placement, ParsedReport report, String rawSha256) {
    }

    /**
     * The step for a batch of messages placed in one transaction, in order. One by one unless the step can do better
     * (write its findings for the whole batch in one transaction, say). Must not throw either.
     */
    default void ticketedAll(List<Ticketed> batch) {
        for (Ticketed one : batch) {
            ticketed(one.placement(), one.report(), one.rawSha256());
        }
    }
}
