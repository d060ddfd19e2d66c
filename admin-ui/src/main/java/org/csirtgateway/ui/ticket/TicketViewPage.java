package org.csirtgateway.ui.ticket;

import java.util.List;

import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.triage.TriageView;
import org.csirtgateway.ui.web.Chrome;

/**
 * One ticket with its acknowledgement, thread and life.
 *
 * @param error     why the last change was refused, or null
 * @param triage    the ticket's triage, or null when none
 * @param similarity its possible duplicates and related tickets
 * @param fullHeaders the header block of each message's archived original, by archive key ("full headers")
 */
public record TicketViewPage(Chrome chrome, TicketDetail ticket, String error, TriageView triage,
                             SimilarityPanel similarity, java.util.Map<String, String> fullHeaders) {

    public TicketViewPage(Chrome chrome, TicketDetail ticket) {
        this(chrome, ticket, null, null, SimilarityPanel.NONE, java.util.Map.of());
    }

    public TicketViewPage {
        fullHeaders = java.util.Map.copyOf(fullHeaders);
    }

    /** The message's header block as it arrived, or null when its original is not in the archive. */
    public String fullHeadersOf(org.csirtgateway.ticket.MessageView message) {
        return message.archiveSha256() == null ? null : fullHeaders.get(message.archiveSha256());
    }

    /**
     * The search that finds every ticket mentioning an indicator the parser found ({@code type} as it names them:
     * ipv4, sha256, ...): its exact-match field in the index (ip, hash, ...) with the value quoted, so it is one term
     * whatever characters it holds. Null when the index keeps no field for the type.
     */
    public String searchFor(String type, String value) {
        List<org.csirtgateway.index.Indicator> indexed = org.csirtgateway.search.ExtractedIndicators.forIndex(
                List.of(new org.csirtgateway.indicator.Indicator(type, value, "")));
        if (indexed.isEmpty()) {
            return null;
        }
        org.csirtgateway.index.Indicator indicator = indexed.get(0);
        String quoted = indicator.value().replace("\\", "\\\\").replace("\"", "\\\"");
        return "/tickets?q=" + java.net.URLEncoder.encode(indicator.type() + ":\"" + quoted + "\"",
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the forms that change the ticket are shown: to those the route table lets change it. */
    public boolean mayChange() {
        return chrome.can("POST /tickets/{id}/status");
    }

    /** Whether the "mark duplicate" buttons are shown. */
    public boolean mayMarkDuplicate() {
        return chrome.can("POST /tickets/{id}/duplicate-of");
    }

    /**
     * The statuses the ticket may move to now: forward steps first in the order of a ticket's life, then steps back,
     * so the preselected one is the usual next step (triaged → incident, incident → resolved).
     */
    public List<String> nextStatuses() {
        return TicketStatus.parse(ticket.summary().status())
                .map(status -> status.next().stream()
                        .sorted(java.util.Comparator.comparing((TicketStatus next) -> next.compareTo(status) < 0)
                                .thenComparing(java.util.Comparator.naturalOrder()))
                        .map(TicketStatus::dbName).toList())
                .orElse(List.of());
    }

    /**
     * An audit-log line's detail as shown: a status change ("new -> triaged") with the statuses in the reader's
     * language; a detail stored as a {@link org.csirtgateway.reason.Finding} (a Message-ID clash) in the reader's
     * language; other details as recorded.
     */
    public String eventDetail(org.csirtgateway.ticket.TicketLife.Event event) {
        org.csirtgateway.ui.i18n.Texts texts = chrome.texts();
        if (event.detail().startsWith("{\"code\"")) {
            return texts.reason(org.csirtgateway.reason.Finding.fromStored(event.detail()));
        }
        java.util.regex.Matcher change = java.util.regex.Pattern.compile("([a-z-]+) -> ([a-z-]+)")
                .matcher(event.detail());
        if (!"status".equals(event.kind()) || texts.language() == org.csirtgateway.ui.i18n.Language.ENGLISH
                || !change.matches()) {
            return event.detail();
        }
        return texts.status(change.group(1)) + " → " + texts.status(change.group(2));
    }

    /** Analysts and admins may forward; read-only users see the suggestion only. */
    public boolean mayForward() {
        return chrome.csrf() != null && chrome.can("POST /tickets/{id}/coordinate");
    }
}
