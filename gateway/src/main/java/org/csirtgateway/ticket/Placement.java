package org.csirtgateway.ticket;

/**
 * Where a message landed.
 *
 * @param ticketId  its ticket
 * @param role      report (it opened the ticket), follow-up or duplicate
 * @param messageRowId the message's row id
 * @param reason    in words, why it landed there (e.g. "In-Reply-To names a message on the ticket")
 * @param sameContent a duplicate found by its content (the same normalised text as a report on the ticket), not a
 *                  re-delivery of the same Message-ID
 */
public record Placement(String ticketId, String role, long messageRowId, String reason, boolean sameContent) {

    public static final String REPORT = "report";
    public static final String FOLLOW_UP = "follow-up";
    public static final String DUPLICATE = "duplicate";

    public boolean openedTicket() {
        return REPORT.equals(role);
    }

    /**
     * A new report found to be the same as one already on {@link #ticketId} by its content (not a re-delivery of the
     * same Message-ID): its reporter gets an acknowledgement naming that ticket.
     */
    public boolean sameContentAsExistingTicket() {
        return DUPLICATE.equals(role) && sameContent;
    }
}
