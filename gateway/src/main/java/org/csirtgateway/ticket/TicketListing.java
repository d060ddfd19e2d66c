package org.csirtgateway.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.csirtgateway.index.Indicator;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.store.Sql;

/**
 * The ticket list narrowed by filters only (no search words), from the database: what a ticket is now, not what it
 * was when its messages were indexed. A status set by an analyst, a category set or suggested by triage
 * ({@link TicketCategory}) and the pseudo-status {@value TicketStatus#OPEN} ({@link TicketStatus#OPEN_SQL}) are
 * therefore always current, and the dashboard's counts equal the lists they link to.
 *
 * <p>Filters: status (any case, or {@code open}; tickets merged into another are listed under no status, as their
 * messages are worked on the surviving ticket), category (any case), channel (any case), the ticket's arrival in
 * [from, to), and an indicator type (the index's names: ip covers IPv4, IPv6 and networks, hash the three hash
 * kinds) found in any of its messages. Newest first, or oldest first.
 */
final class TicketListing {

    /** The index's indicator types as the types the parser stores (indicators.type). */
    private static final Map<String, List<String>> STORED_TYPES = Map.of(
            Indicator.IP, List.of(org.csirtgateway.indicator.Indicator.IPV4, org.csirtgateway.indicator.Indicator.IPV6,
                    org.csirtgateway.indicator.Indicator.CIDR),
            Indicator.HASH, List.of(org.csirtgateway.indicator.Indicator.MD5, org.csirtgateway.indicator.Indicator.SHA1,
                    org.csirtgateway.indicator.Indicator.SHA256),
            Indicator.DOMAIN, List.of(org.csirtgateway.indicator.Indicator.DOMAIN),
            Indicator.URL, List.of(org.csirtgateway.indicator.Indicator.URL),
            Indicator.EMAIL, List.of(org.csirtgateway.indicator.Indicator.EMAIL),
            Indicator.CVE, List.of(org.csirtgateway.indicator.Indicator.CVE));

    private TicketListing() {
    }

    static TicketPage list(Connection connection, String summarySelect, SearchRequest request) throws SQLException {
        StringBuilder where = new StringBuilder(" LEFT JOIN ticket_triage tr ON tr.ticket_id = t.id WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (request.status().equalsIgnoreCase(TicketStatus.OPEN)) {
            where.append(" AND ").append(TicketStatus.OPEN_SQL);
        } else if (!request.status().isEmpty()) {
            // A ticket merged into another is worked on there: it is not listed by status (it is 'duplicate').
            where.append(" AND lower(t.status) = lower(?) AND t.merged_into IS NULL");
            params.add(request.status());
        }
        if (!request.category().isEmpty()) {
            where.append(" AND lower(").append(TicketCategory.SQL).append(") = lower(?)");
            params.add(request.category());
        }
        if (!request.channel().isEmpty()) {
            where.append(" AND lower(t.channel) = lower(?)");
            params.add(request.channel());
        }
        if (request.receivedFrom() != null) {
            where.append(" AND t.received_at >= ?");
            params.add(request.receivedFrom());
        }
        if (request.receivedTo() != null) {
            where.append(" AND t.received_at < ?");
            params.add(request.receivedTo());
        }
        if (!request.indicatorType().isEmpty()) {
            List<String> types = STORED_TYPES.getOrDefault(request.indicatorType(), List.of());
            where.append(" ").append("""
                    AND EXISTS (SELECT 1 FROM indicators i JOIN messages m ON m.id = i.message_id
                                  WHERE (m.ticket_id = t.id OR m.ticket_id IN (SELECT x.id FROM tickets x
                                                                                WHERE x.merged_into = t.id))
                                    AND i.type IN (""").append(String.join(", ", java.util.Collections.nCopies(
                    Math.max(1, types.size()), "?"))).append("))");
            params.addAll(types.isEmpty() ? List.of("") : types);
        }
        String order = request.sort() == SearchRequest.Sort.OLDEST
                ? " ORDER BY t.received_at ASC, t.id ASC" : " ORDER BY t.received_at DESC, t.id DESC";
        long total = Sql.count(connection, "SELECT COUNT(*) FROM tickets t" + where, params.toArray());
        List<Object> paged = new ArrayList<>(params);
        paged.add(request.limit());
        paged.add(request.offset());
        List<TicketPage.FoundTicket> tickets = Sql.list(connection, summarySelect + where + order
                + " LIMIT ? OFFSET ?", row -> new TicketPage.FoundTicket(TicketQueries.summary(row), ""),
                paged.toArray());
        return new TicketPage(total, tickets);
    }
}
