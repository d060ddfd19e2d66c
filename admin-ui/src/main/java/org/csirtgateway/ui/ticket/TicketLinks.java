package org.csirtgateway.ui.ticket;

import org.csirtgateway.ui.web.Format;

/** Paths of ticket resources, with the ticket ID encoded as one path segment. */
public final class TicketLinks {

    private TicketLinks() {
    }

    /** The download of an attachment of a ticket. */
    public static String attachment(String ticketId, String sha256) {
        return "/tickets/" + Format.pathSegment(ticketId) + "/attachments/" + sha256;
    }
}
