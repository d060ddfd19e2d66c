package org.csirtgateway.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.index.Indicator;
import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.index.RelatedTicket;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;

/**
 * The analyst's side of search and duplicates: filtered search, the near-duplicate proposals of a ticket,
 * the tickets related to it by its indicators, and marking a ticket a duplicate. Knows nothing of HTTP.
 */
public final class TicketSearchService {

    /** Most related tickets listed per indicator. */
    public static final int MAX_RELATED_PER_INDICATOR = 20;
    /** Most indicators of one ticket looked up. */
    public static final int MAX_INDICATORS = 50;

    private final Database database;
    private final ReportIndex index;
    private final SimilarTickets similar;
    private final SearchSettings settings;
    private final TicketQueries queries;

    private final TicketReindexing reindexing;

    public TicketSearchService(Database database, ReportIndex index, SimilarTickets similar, SearchSettings settings,
                               TicketQueries queries, TicketReindexing reindexing) {
        this.reindexing = reindexing;
        this.database = database;
        this.index = index;
        this.similar = similar;
        this.settings = settings;
        this.queries = queries;
    }

    /** Search with filters, order and paging. */
    public TicketPage search(SearchRequest request) throws InvalidQueryException {
        return queries.search(request);
    }

    /** "Possible duplicate of #X (score)" proposals of a ticket, best first. */
    public List<SimilarTickets.Proposal> proposals(String ticketId) {
        return similar.proposalsFor(ticketId);
    }

    /** The ticket this one was marked a duplicate of. */
    public Optional<String> duplicateOf(String ticketId) {
        return similar.duplicateOf(ticketId);
    }

    /** Marks a ticket a duplicate of another; false when either does not exist. */
    public boolean markDuplicate(String ticketId, String duplicateOf, String analyst) {
        boolean marked = similar.markDuplicate(ticketId, duplicateOf, analyst);
        if (marked) {
            try {
                reindexing.reindexTicket(ticketId); // the status filter sees 'duplicate'
            } catch (IOException e) {
                throw new UncheckedIOException("Ticket " + ticketId + " marked, but the index could not be updated; "
                        + "run reindex: " + e.getMessage(), e);
            }
        }
        return marked;
    }

    /** One indicator of a ticket and the other tickets that mention it within the window. */
    public record Related(Indicator indicator, List<RelatedTicket> tickets) {
    }

    /**
     * For each indicator on the ticket, the other tickets mentioning it received within
     * {@code search.relatedWindowDays} before or after the ticket.
     */
    public List<Related> related(String ticketId) {
        Optional<Instant> received = database.read(connection -> Sql.one(connection,
                "SELECT received_at FROM tickets WHERE id = ?", row -> Sql.instant(row, "received_at"), ticketId));
        if (received.isEmpty()) {
            return List.of();
        }
        Duration window = Duration.ofDays(settings.relatedWindowDays());
        Instant from = received.get().minus(window);
        Instant to = received.get().plus(window);
        try {
            List<Related> related = new ArrayList<>();
            for (Indicator indicator : index.indicatorsOf(ticketId).stream().limit(MAX_INDICATORS).toList()) {
                related.add(new Related(indicator, index.ticketsMentioning(indicator, from, to, ticketId,
                        MAX_RELATED_PER_INDICATOR)));
            }
            return related;
        } catch (IOException e) {
            throw new UncheckedIOException("Search index cannot be read: " + e.getMessage(), e);
        }
    }

    public SearchSettings settings() {
        return settings;
    }
}
