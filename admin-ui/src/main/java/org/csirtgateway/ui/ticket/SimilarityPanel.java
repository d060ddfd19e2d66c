package org.csirtgateway.ui.ticket;

import java.util.List;
import java.util.Locale;

import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.search.TicketSearchService;

/**
 * The ticket view's duplicate and related-ticket panel.
 *
 * @param enabled       false when the server runs without the search service (nothing is shown)
 * @param duplicateOf   the ticket this one was marked a duplicate of, or null
 * @param proposals     "possible duplicate of #X (score)", best first
 * @param related       per indicator of the ticket, the other tickets mentioning it within the window
 * @param windowDays    the related-ticket window
 */
public record SimilarityPanel(boolean enabled, String duplicateOf, List<SimilarTickets.Proposal> proposals,
                              List<TicketSearchService.Related> related, int windowDays) {

    public static final SimilarityPanel NONE = new SimilarityPanel(false, null, List.of(), List.of(), 0);

    public SimilarityPanel {
        proposals = List.copyOf(proposals);
        related = List.copyOf(related);
    }

    static SimilarityPanel of(TicketSearchService search, String ticketId) {
        return new SimilarityPanel(true, search.duplicateOf(ticketId).orElse(null), search.proposals(ticketId),
                search.related(ticketId).stream().filter(r -> !r.tickets().isEmpty()).toList(),
                search.settings().relatedWindowDays());
    }

    /** A score as the UI shows it, e.g. "0.87". */
    public static String score(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }
}
