package org.csirtgateway.triage;

/**
 * What the rules suggest for a report.
 *
 * @param category    {@code class/type}, or null when no rule fired
 * @param kind        incident | event | unlisted (from the team's incident definition)
 * @param priority    the rule's priority, or null when no rule fired
 * @param rule        the name of the rule that fired, or null
 * @param explanation why it fired ("keyword 'phishing', indicator type url"), or why nothing did
 */
public record Classification(String category, String kind, Priority priority, String rule, String explanation) {

    public static Classification none() {
        return new Classification(null, IncidentDefinition.UNLISTED, null, null, "no classification rule matched");
    }
}
