package org.csirtgateway.ticket;

/**
 * What a ticket's category is for counting and filtering: the analyst's category when one was set (ticket page,
 * {@link TicketCommands#categorize}), else the category triage suggested (a taxonomy {@code class/type} such as
 * {@code fraud/phishing}), else {@value #UNCLASSIFIED}. The dashboard, the trend report and the ticket list filter
 * all use this one definition, so a count and the list it links to agree.
 */
public final class TicketCategory {

    /** The category of a ticket that neither an analyst nor a triage rule categorised. */
    public static final String UNCLASSIFIED = "unclassified";

    /**
     * The SQL expression of a ticket's category, for a query over {@code tickets t LEFT JOIN ticket_triage tr ON
     * tr.ticket_id = t.id}.
     */
    public static final String SQL = "COALESCE(NULLIF(TRIM(t.category), ''), tr.suggested_category, '"
            + UNCLASSIFIED + "')";

    private TicketCategory() {
    }
}
