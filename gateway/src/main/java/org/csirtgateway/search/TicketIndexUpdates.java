package org.csirtgateway.search;

import java.io.IOException;

import org.csirtgateway.ticket.TicketChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index's status and category of a ticket's messages equal to the database after an analyst changes them,
 * so that a search filtered by {@code status:} or {@code category:} finds the ticket as it is now. The database stays
 * the truth: when the index cannot be updated the change stands, and the log says to run {@code reindex}.
 */
public final class TicketIndexUpdates implements TicketChanges {

    private static final Logger LOG = LoggerFactory.getLogger(TicketIndexUpdates.class);

    private final TicketReindexing reindexing;

    public TicketIndexUpdates(TicketReindexing reindexing) {
        this.reindexing = reindexing;
    }

    @Override
    public void changed(String ticketId) {
        try {
            reindexing.reindexTicket(ticketId);
        } catch (IOException | RuntimeException e) {
            LOG.error("Ticket {} changed, but its search index entries could not be updated ({}); its status and "
                    + "category filters are stale until `csirt-gateway reindex` runs", ticketId, e.getMessage());
        }
    }
}
