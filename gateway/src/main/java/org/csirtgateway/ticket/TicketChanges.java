package org.csirtgateway.ticket;

/**
 * Told after an analyst's change to a ticket's state (status, category, merge) has been committed, so that views
 * derived from the database, like the search index's status and category filters, can follow.
 */
@FunctionalInterface
public interface TicketChanges {

    /** Nobody derives anything from ticket state. */
    TicketChanges NONE = ticketId -> { };

    /**
     * The ticket's status or category changed. Called outside the transaction; must not throw (the change is
     * committed and stays so).
     */
    void changed(String ticketId);
}
