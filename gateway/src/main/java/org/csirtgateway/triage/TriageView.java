package org.csirtgateway.triage;

import java.time.Instant;
import java.util.List;

/**
 * A ticket's triage as the admin UI and the API show it. Indicator values are reporter-controlled: escape them.
 *
 * @param categoryLabel      the suggested category in English, e.g. "Fraud / Phishing"
 * @param categoryLabelJa    the same in Japanese
 * @param partnerAddress     where a forward to the partner goes, or null
 * @param partnerKeyKnown    whether the profile has the partner's public key (forwards get encrypted to it with
 *                           OpenPGP support; until then they go in clear)
 */
public record TriageView(
        String constituency,
        String partner,
        String partnerReason,
        String partnerAddress,
        boolean partnerKeyKnown,
        String category,
        String categoryLabel,
        String categoryLabelJa,
        String categoryKind,
        String priority,
        String rule,
        String ruleExplanation,
        List<String> feedbackTypes,
        Instant triagedAt,
        String error,
        List<IndicatorScope> indicators,
        List<Forward> forwards) {

    public TriageView {
        feedbackTypes = List.copyOf(feedbackTypes);
        indicators = List.copyOf(indicators);
        forwards = List.copyOf(forwards);
    }

    public record IndicatorScope(String type, String value, String scope, String matched, String partner) {
    }

    /** A forward queued to a partner team; {@code state} is the outbox state (pending, sent, failed). */
    public record Forward(String partner, String recipient, String messageId, boolean encrypted, String requestedBy,
                          Instant requestedAt, String state, Instant sentAt) {
    }

    /** Flagged for coordination: every indicator is outside the constituency. (In the API's JSON too.) */
    @com.fasterxml.jackson.annotation.JsonProperty("coordinationSuggested")
    public boolean coordinationSuggested() {
        return TriageResult.OUTSIDE.equals(constituency);
    }
}
