package org.csirtgateway.triage;

import java.util.List;

/**
 * The team's definition of an incident: which categories (a class such as {@code intrusions}, or a category such as
 * {@code fraud/phishing}) count as incidents and which as events. A category in neither list is "unlisted": a person
 * decides. The most specific entry wins, so {@code vulnerable} can be an event while
 * {@code vulnerable/vulnerable-system} is an incident.
 */
public record IncidentDefinition(List<String> incidents, List<String> events) {

    public static final String INCIDENT = "incident";
    public static final String EVENT = "event";
    public static final String UNLISTED = "unlisted";

    /** Used when the profile says nothing: attacks that succeeded or harm someone are incidents, the rest events. */
    public static final IncidentDefinition DEFAULT = new IncidentDefinition(
            List.of("intrusions", "malicious-code", "availability/dos", "availability/ddos", "availability/sabotage",
                    "information-content-security", "fraud", "intrusion-attempts/exploit", "abusive-content/violence"),
            List.of("abusive-content", "information-gathering", "intrusion-attempts", "vulnerable", "availability",
                    "other", "test"));

    public IncidentDefinition {
        incidents = List.copyOf(incidents);
        events = List.copyOf(events);
    }

    /** incident, event or unlisted for a category id {@code class/type}. */
    public String kindOf(String categoryId) {
        if (categoryId == null) {
            return UNLISTED;
        }
        if (incidents.contains(categoryId)) {
            return INCIDENT;
        }
        if (events.contains(categoryId)) {
            return EVENT;
        }
        String classId = categoryId.contains("/") ? categoryId.substring(0, categoryId.indexOf('/')) : categoryId;
        if (incidents.contains(classId)) {
            return INCIDENT;
        }
        if (events.contains(classId)) {
            return EVENT;
        }
        return UNLISTED;
    }
}
