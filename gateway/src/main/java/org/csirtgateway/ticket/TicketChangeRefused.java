package org.csirtgateway.ticket;

/**
 * A change to a ticket that breaks a rule; the message says which, in words meant for the analyst.
 *
 * @see TicketCommands
 */
public final class TicketChangeRefused extends RuntimeException {

    private final String rule;

    public TicketChangeRefused(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** A short stable name of the rule, e.g. "status-transition", for API clients. */
    public String rule() {
        return rule;
    }
}
