package org.csirtgateway.ticket;

import java.time.Instant;
import java.util.List;

/**
 * What analysts did with a ticket: who set its status and when, assignee, category, merges, internal notes, the mail
 * the gateway and the team sent for it (with delivery state), and the audit log.
 *
 * @param mergedInto the surviving ticket when this one was merged, or null
 * @param mergedFrom tickets merged into this one; their messages are shown in this ticket's thread
 */
public record TicketLife(
        String assignee,
        String category,
        Instant statusChangedAt,
        String statusChangedBy,
        String mergedInto,
        List<String> mergedFrom,
        List<Note> notes,
        List<Outgoing> outgoing,
        List<Event> events) {

    public TicketLife {
        mergedFrom = List.copyOf(mergedFrom);
        notes = List.copyOf(notes);
        outgoing = List.copyOf(outgoing);
        events = List.copyOf(events);
    }

    /** An internal note. */
    public record Note(long id, Instant at, String author, String body) {
    }

    /**
     * One mail in the outbox for this ticket.
     *
     * @param kind      acknowledgement | reply | forward
     * @param state     pending | sent | failed
     * @param lastError the last delivery error, or null
     * @param author    the analyst who wrote it, or null for the gateway's acknowledgement
     */
    public record Outgoing(long id, String kind, String recipient, String messageId, String state, int attempts,
                           String lastError, Instant createdAt, Instant sentAt, String author) {
    }

    /** A line of the audit log. */
    public record Event(Instant at, String actor, String kind, String detail) {
    }
}
