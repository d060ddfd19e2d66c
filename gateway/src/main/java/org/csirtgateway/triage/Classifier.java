package org.csirtgateway.triage;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Applies the classification rules in order; the first rule that fires decides. */
public final class Classifier {

    private final List<ClassificationRule> rules;
    private final IncidentDefinition definition;
    /** Each rule pattern's screen, worked out once: most reports need not run most patterns (see there). */
    private final Map<Pattern, LiteralScreen> screens = new IdentityHashMap<>();

    public Classifier(List<ClassificationRule> rules, IncidentDefinition definition) {
        this.rules = List.copyOf(rules);
        this.definition = definition;
        for (ClassificationRule rule : this.rules) {
            for (Pattern pattern : rule.patterns()) {
                screens.put(pattern, LiteralScreen.of(pattern));
            }
        }
    }

    public Classification classify(ClassificationRule.Facts facts) {
        ClassificationRule.Lowered lowered = new ClassificationRule.Lowered(facts);
        for (ClassificationRule rule : rules) {
            Optional<String> why = rule.explain(facts, lowered, screens);
            if (why.isPresent()) {
                return new Classification(rule.category(), definition.kindOf(rule.category()), rule.priority(),
                        rule.name(), why.get());
            }
        }
        return Classification.none();
    }
}
