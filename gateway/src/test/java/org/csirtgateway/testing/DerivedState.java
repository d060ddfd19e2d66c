package org.csirtgateway.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.index.TicketHit;
import org.csirtgateway.store.Sql;

/**
 * What a data directory's tickets came to, everything derived included, in a form two runs over the same mail can be
 * compared by: each ticket's Message-IDs, status and category, its triage, the near-duplicate proposals as pairs, the
 * stages still due, and the tickets a list of queries finds.
 *
 * @param tickets   per ticket ID: its messages' Message-IDs, status and category
 * @param triage    per ticket ID: constituency, suggested category, priority, rule (or the error)
 * @param proposals "ticket -> similar ticket" pairs
 * @param stagesDue stages still due, in all
 * @param searches  per query: the ticket IDs found
 */
public record DerivedState(Map<String, String> tickets, Map<String, String> triage, Set<String> proposals,
                           long stagesDue, Map<String, Set<String>> searches) {

    public static DerivedState of(GatewayCore core, List<String> queries) throws Exception {
        Map<String, String> tickets = new TreeMap<>();
        Map<String, String> triage = new TreeMap<>();
        Set<String> proposals = new TreeSet<>();
        core.database().read(connection -> {
            for (String[] row : Sql.list(connection, """
                    SELECT t.id, t.status, coalesce(t.category, ''),
                           (SELECT group_concat(message_id, ' ') FROM
                                   (SELECT coalesce(m.message_id, '') AS message_id FROM messages m
                                     WHERE m.ticket_id = t.id ORDER BY m.message_id))
                      FROM tickets t""", r -> new String[] {r.getString(1), r.getString(2) + " " + r.getString(3)
                    + " [" + r.getString(4) + "]"})) {
                tickets.put(row[0], row[1]);
            }
            for (String[] row : Sql.list(connection, """
                    SELECT ticket_id, constituency || ' ' || coalesce(suggested_category, '-') || ' '
                           || coalesce(priority, '-') || ' ' || coalesce(rule, '-') || ' ' || coalesce(error, '')
                      FROM ticket_triage""", r -> new String[] {r.getString(1), r.getString(2)})) {
                triage.put(row[0], row[1]);
            }
            proposals.addAll(Sql.list(connection, "SELECT ticket_id || ' -> ' || similar_to FROM similar_tickets",
                    r -> r.getString(1)));
            return null;
        });
        Map<String, Set<String>> searches = new TreeMap<>();
        for (String query : queries) {
            Set<String> found = new TreeSet<>();
            for (TicketHit hit : core.index().search(query, 10_000, 0).hits()) {
                found.add(hit.ticketId());
            }
            searches.put(query, found);
        }
        return new DerivedState(tickets, triage, proposals, core.stagesDue().count(), searches);
    }
}
