package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Rules run on attacker-controlled text. A team's pattern that backtracks catastrophically must not let a crafted
 * report stall intake.
 */
class ClassificationRuleTest {

    private static ClassificationRule.Facts facts(String sender, String text, List<Indicator> indicators) {
        return new ClassificationRule.Facts("subject", text, sender, indicators, List.of());
    }

    @Test
    void allListedConditionsMustHoldAndTheExplanationNamesEach() {
        ClassificationRule rule = new ClassificationRule("r", "fraud/phishing", Priority.HIGH, List.of("login"),
                List.of(), List.of("url"), List.of(), List.of("@phishtank.example"));
        List<Indicator> url = List.of(new Indicator("url", "http://x.example/", "x.example"));
        assertThat(rule.explain(facts("bot@reports.phishtank.example", "fake Login page", url)))
                .hasValue("keyword 'login', indicator type url, sender @phishtank.example");
        assertThat(rule.explain(facts("someone@else.example", "fake login page", url))).isEmpty();
        assertThat(rule.explain(facts("bot@phishtank.example", "fake login page", List.of()))).isEmpty();
    }

    @Test
    void aSenderDomainMatchesOnLabelBoundaries() {
        ClassificationRule rule = new ClassificationRule("r", "fraud/phishing", Priority.HIGH, List.of(), List.of(),
                List.of(), List.of(), List.of("phishtank.example"));
        assertThat(rule.explain(facts("x@notphishtank.example", "", List.of()))).isEmpty();
        assertThat(rule.explain(facts("x@phishtank.example", "", List.of()))).isPresent();
    }

    @Test
    void catastrophicRulePatternCanNotStallTriage() {
        ClassificationRule rule = new ClassificationRule("evil", "other/other", Priority.LOW, List.of(),
                List.of(Pattern.compile("(a+)+$")), List.of(), List.of(), List.of());
        String hostile = "a".repeat(5_000) + "!";
        Instant start = Instant.now();
        assertThat(rule.explain(facts("x@y.example", hostile, List.of()))).isEmpty();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }
}
