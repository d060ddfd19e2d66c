package org.csirtgateway.triage;

import java.util.List;

/**
 * Triage of one report.
 *
 * @param constituency ours (at least one indicator is in the constituency) | outside (all are outside: flagged for
 *                     coordination) | unknown (no locatable indicators, or no constituency configured)
 * @param partner      the partner team suggested for coordination, or null
 * @param partnerReason why that partner ("covers 198.51.100.0/24 (2 of 3 indicators)")
 */
public record TriageResult(String constituency, String partner, String partnerReason, Classification classification,
                           List<ScopedIndicator> indicators) {

    public static final String OURS = "ours";
    public static final String OUTSIDE = "outside";
    public static final String UNKNOWN = "unknown";

    public TriageResult {
        indicators = List.copyOf(indicators);
    }

    /** A report whose indicators are all outside the constituency is flagged for coordination. */
    public boolean coordinationSuggested() {
        return OUTSIDE.equals(constituency);
    }
}
