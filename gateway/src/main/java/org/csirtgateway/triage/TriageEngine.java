package org.csirtgateway.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.profile.TeamProfile;

/**
 * Applies the team's own definitions to one report: marks each indicator ours / outside the constituency, flags a
 * report whose indicators are all outside for coordination and suggests the partner responsible, and classifies it
 * with the rules. Pure: no database, no clock.
 */
public final class TriageEngine {

    private final TeamProfile profile;
    private final Classifier classifier;
    private final IndicatorSource indicators;

    public TriageEngine(TeamProfile profile, TriageSettings settings, IndicatorSource indicators) {
        this.profile = profile;
        this.classifier = settings.classifier();
        this.indicators = indicators;
    }

    public TriageResult triage(ParsedReport report, List<String> feedbackTypes) {
        List<Indicator> found = indicators.indicatorsOf(report).stream()
                .filter(i -> !isOwnAddress(i, report))
                .toList();
        List<ScopedIndicator> scoped = found.stream().map(this::scope).toList();
        String constituency = constituency(scoped);
        String partner = null;
        String partnerReason = null;
        if (TriageResult.OUTSIDE.equals(constituency)) {
            Map<String, List<ScopedIndicator>> byPartner = new LinkedHashMap<>();
            for (ScopedIndicator indicator : scoped) {
                if (indicator.partner() != null) {
                    byPartner.computeIfAbsent(indicator.partner(), p -> new ArrayList<>()).add(indicator);
                }
            }
            long locatable = scoped.stream().filter(s -> !ScopedIndicator.NOT_APPLICABLE.equals(s.scope())).count();
            Optional<Map.Entry<String, List<ScopedIndicator>>> best = byPartner.entrySet().stream()
                    .max(java.util.Comparator.comparingInt(e -> e.getValue().size()));
            if (best.isPresent()) {
                partner = best.get().getKey();
                partnerReason = "responsible for " + String.join(", ", best.get().getValue().stream()
                        .map(ScopedIndicator::matched).distinct().toList()) + " ("
                        + best.get().getValue().size() + " of " + locatable + " indicators)";
            } else {
                partnerReason = "no partner team in the profile covers these indicators";
            }
        }
        ClassificationRule.Facts facts = new ClassificationRule.Facts(report.subject(), report.bodyText(),
                report.fromAddress(), found, feedbackTypes);
        return new TriageResult(constituency, partner, partnerReason, classifier.classify(facts), scoped);
    }

    private ScopedIndicator scope(Indicator indicator) {
        if (!indicator.locatable()) {
            return new ScopedIndicator(indicator, ScopedIndicator.NOT_APPLICABLE, null, null);
        }
        Optional<String> ours = profile.constituency().match(indicator.scopeKind(), indicator.host());
        if (ours.isPresent()) {
            return new ScopedIndicator(indicator, ScopedIndicator.OURS, ours.get(), null);
        }
        for (TeamProfile.Partner partner : profile.partners()) {
            Optional<String> theirs = partner.resources().match(indicator.scopeKind(), indicator.host());
            if (theirs.isPresent()) {
                return new ScopedIndicator(indicator, ScopedIndicator.OUTSIDE, theirs.get(), partner.name());
            }
        }
        return new ScopedIndicator(indicator, ScopedIndicator.OUTSIDE, null, null);
    }

    private String constituency(List<ScopedIndicator> scoped) {
        if (profile.constituency().isEmpty()) {
            return TriageResult.UNKNOWN;
        }
        boolean anyLocatable = false;
        for (ScopedIndicator indicator : scoped) {
            if (ScopedIndicator.OURS.equals(indicator.scope())) {
                return TriageResult.OURS;
            }
            anyLocatable |= ScopedIndicator.OUTSIDE.equals(indicator.scope());
        }
        return anyLocatable ? TriageResult.OUTSIDE : TriageResult.UNKNOWN;
    }

    /** The reporter's own address (a signature) and ours say nothing about where the incident is. */
    private boolean isOwnAddress(Indicator indicator, ParsedReport report) {
        if (!"email".equals(indicator.type())) {
            return false;
        }
        return indicator.value().equalsIgnoreCase(report.fromAddress())
                || indicator.value().equalsIgnoreCase(profile.contact().email());
    }
}
