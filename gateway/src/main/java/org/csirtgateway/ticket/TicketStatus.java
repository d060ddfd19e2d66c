package org.csirtgateway.ticket;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A ticket's place in its life: new -> triaged -> incident / not-incident / duplicate -> resolved. A resolved ticket
 * can be reopened (back to triaged) when the matter comes back; a decision can be revised through triaged.
 */
public enum TicketStatus {
    NEW("new"),
    TRIAGED("triaged"),
    INCIDENT("incident"),
    NOT_INCIDENT("not-incident"),
    DUPLICATE("duplicate"),
    RESOLVED("resolved");

    /** The rule, in words, quoted when a change breaks it. */
    public static final String RULE = "a ticket goes new -> triaged -> incident / not-incident / duplicate -> resolved"
            + " (a decision may go back to triaged; a resolved ticket may be reopened as triaged)";

    /** The ticket list's pseudo-status for every open ticket (see {@link #OPEN_SQL}). */
    public static final String OPEN = "open";

    /**
     * The SQL condition, over {@code tickets t}, of an open ticket: not resolved, and not merged into another ticket
     * (its messages are worked on the surviving one).
     */
    public static final String OPEN_SQL = "t.status <> 'resolved' AND t.merged_into IS NULL";

    private final String dbName;

    TicketStatus(String dbName) {
        this.dbName = dbName;
    }

    public String dbName() {
        return dbName;
    }

    public static Optional<TicketStatus> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.dbName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(TicketStatus::dbName).toList();
    }

    /** The statuses this one may change to. */
    public Set<TicketStatus> next() {
        return switch (this) {
            case NEW -> Set.of(TRIAGED);
            case TRIAGED -> Set.of(INCIDENT, NOT_INCIDENT, DUPLICATE);
            case INCIDENT, NOT_INCIDENT, DUPLICATE -> Set.of(RESOLVED, TRIAGED);
            case RESOLVED -> Set.of(TRIAGED);
        };
    }

    /** Whether a ticket in this status still needs work (every status but resolved). */
    public boolean open() {
        return this != RESOLVED;
    }

    public boolean mayBecome(TicketStatus other) {
        return next().contains(other);
    }
}
