package org.csirtgateway.intake;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.ticket.Placement;

/**
 * A step that runs after a message is on its ticket (the ticket transaction committed) and indexed (or indexing
 * failed), e.g. triage (issue 9). It must not throw: what goes wrong in it is its own outcome to record, because the ticket
 * already stands.
 */
@FunctionalInterface
public interface AfterTicketing {

    AfterTicketing NOTHING = (placement, report, rawSha256) -> { };

    void ticketed(Placement placement, ParsedReport report, String rawSha256);
}
