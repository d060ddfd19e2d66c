package org.csirtgateway.triage;

import java.util.List;
import java.util.Optional;

/** Applies the classification rules in order; the first rule that fires decides. */
public final class Classifier {

    private final List<ClassificationRule> rules;
    private final IncidentDefinition definition;

    public Classifier(List<ClassificationRule> rules, IncidentDefinition definition) {
        this.rules = List.copyOf(rules);
        this.definition = definition;
    }

    public Classification classify(ClassificationRule.Facts facts) {
        ClassificationRule.Lowered lowered = new ClassificationRule.Lowered(facts);
        for (ClassificationRule rule : rules) {
            Optional<String> why = rule.explain(facts, lowered);
            if (why.isPresent()) {
                return new Classification(rule.category(), definition.kindOf(rule.category()), rule.priority(),
                        rule.name(), why.get());
            }
        }
        return Classification.none();
    }
}
