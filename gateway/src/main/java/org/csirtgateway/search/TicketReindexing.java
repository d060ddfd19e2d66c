package org.csirtgateway.search;

import java.io.IOException;

/**
 * Indexes a ticket's messages again and commits, so that what changed on the ticket (its status or category) is what
 * searches filter on. The gateway does it through the intake's own stages ({@code IntakePipeline#reindexTicket}):
 * each message read again from its original gives the entry the intake gave it, attachment text included.
 */
@FunctionalInterface
public interface TicketReindexing {

    void reindexTicket(String ticketId) throws IOException;
}
