package org.csirtgateway.ticket;

/** The ticket named in a command does not exist. */
public final class TicketNotFound extends RuntimeException {

    public TicketNotFound(String ticketId) {
        super("No ticket " + ticketId);
    }
}
