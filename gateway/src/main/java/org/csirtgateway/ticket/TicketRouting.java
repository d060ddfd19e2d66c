package org.csirtgateway.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.store.Sql;

/**
 * Finds the ticket a message belongs to, inside the caller's transaction: by the ticket tag in its subject (ours,
 * wherever other systems put their own tags around it, or a configured legacy form), or by In-Reply-To/References
 * naming any message on a ticket (the reporter's, or one we sent). A merged ticket routes to its survivor, so both
 * IDs keep working.
 */
public final class TicketRouting {

    /** Where a message goes and why, in words for the thread. */
    public record Route(String ticketId, String reason) {
    }

    private final TicketIds ids;
    private final List<LegacyTagPattern> legacyTags;

    public TicketRouting(TicketIds ids, List<LegacyTagPattern> legacyTags) {
        this.ids = ids;
        this.legacyTags = List.copyOf(legacyTags);
    }

    /** The first tag in {@code subject} that names an existing ticket (ours first, then legacy forms). */
    public Optional<Route> bySubject(Connection connection, String subject) throws SQLException {
        for (String id : ids.findAllIn(subject)) {
            Optional<String> survivor = survivorOf(connection, id);
            if (survivor.isPresent()) {
                return Optional.of(new Route(survivor.get(), reason("the subject carries the ticket tag", id,
                        survivor.get())));
            }
        }
        for (LegacyTagPattern legacy : legacyTags) {
            for (LegacyTagPattern.Reference reference : legacy.findIn(subject, ids)) {
                Optional<String> ticket = reference.ticketId() != null
                        ? Optional.of(reference.ticketId())
                        : Sql.one(connection, "SELECT ticket_id FROM ticket_aliases WHERE alias = ?",
                                row -> row.getString(1), reference.alias());
                if (ticket.isPresent()) {
                    Optional<String> survivor = survivorOf(connection, ticket.get());
                    if (survivor.isPresent()) {
                        String named = reference.alias() != null ? reference.alias() : ticket.get();
                        return Optional.of(new Route(survivor.get(), "the subject carries the legacy "
                                + legacy.name() + " tag " + named + " of " + survivor.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The ticket of the first of {@code messageIds} that is on a ticket, received or sent by us. */
    public Optional<Route> byReferences(Connection connection, List<String> inReplyTo, List<String> references)
            throws SQLException {
        List<String> named = new ArrayList<>(inReplyTo);
        // References lists the oldest first; the newest is the closest relative.
        List<String> reversed = new ArrayList<>(references);
        java.util.Collections.reverse(reversed);
        named.addAll(reversed);
        for (String messageId : named) {
            Optional<String> ticket = ticketOfMessageId(connection, messageId)
                    .or(() -> ticketOfOutgoing(connection, messageId));
            if (ticket.isPresent()) {
                String survivor = survivorOf(connection, ticket.get()).orElse(ticket.get());
                return Optional.of(new Route(survivor, reason("In-Reply-To/References name a message on",
                        ticket.get(), survivor)));
            }
        }
        return Optional.empty();
    }

    /** The ticket mail for {@code ticketId} goes to: itself, or the ticket it was merged into; empty if unknown. */
    public static Optional<String> survivorOf(Connection connection, String ticketId) throws SQLException {
        String current = ticketId;
        for (int hops = 0; hops < 20; hops++) {
            Optional<Optional<String>> mergedInto = Sql.one(connection,
                    "SELECT merged_into FROM tickets WHERE id = ?", row -> Optional.ofNullable(row.getString(1)),
                    current);
            if (mergedInto.isEmpty()) {
                return Optional.empty();
            }
            if (mergedInto.get().isEmpty()) {
                return Optional.of(current);
            }
            current = mergedInto.get().get();
        }
        return Optional.of(current);
    }

    private static String reason(String what, String named, String survivor) {
        String base = what.endsWith("tag") ? what + " " + named : what + " " + named;
        return named.equals(survivor) ? base : base + ", merged into " + survivor;
    }

    private static Optional<String> ticketOfMessageId(Connection connection, String messageId) throws SQLException {
        return Sql.one(connection, "SELECT ticket_id FROM messages WHERE message_id = ? ORDER BY id LIMIT 1",
                row -> row.getString(1), messageId);
    }

    private static Optional<String> ticketOfOutgoing(Connection connection, String messageId) {
        try {
            return Sql.one(connection, "SELECT ticket_id FROM outbox WHERE message_id = ? LIMIT 1",
                    row -> row.getString(1), messageId);
        } catch (SQLException e) {
            throw new org.csirtgateway.store.StoreException("Cannot look up outgoing message", e);
        }
    }
}
