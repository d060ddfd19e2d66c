package org.csirtgateway.triage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.csirtgateway.profile.ProfileException;
import org.csirtgateway.profile.ProfileFile;
import org.csirtgateway.profile.ProfileNode;

/**
 * The triage sections of the team profile: the taxonomy (RSIT unless {@code taxonomy.file} replaces it), the
 * incident definition ({@code incidents.incident} / {@code incidents.event}) and the classification {@code rules}.
 */
public record TriageSettings(Taxonomy taxonomy, IncidentDefinition definition, List<ClassificationRule> rules) {

    /** Limits on the rules, so that a profile can not make triage slow. */
    public static final int MAX_RULES = 500;
    public static final int MAX_PATTERN_LENGTH = 1000;

    public TriageSettings {
        rules = List.copyOf(rules);
    }

    public Classifier classifier() {
        return new Classifier(rules, definition);
    }

    public static TriageSettings read(ProfileFile file) {
        Taxonomy taxonomy = taxonomy(file);
        IncidentDefinition definition = definition(file.section("incidents"), taxonomy);
        List<ClassificationRule> rules = rules(file.section("rules"), taxonomy);
        return new TriageSettings(taxonomy, definition, rules);
    }

    private static Taxonomy taxonomy(ProfileFile file) {
        ProfileNode node = file.section("taxonomy").onlyKeys(Set.of("file"));
        if (!node.get("file").present()) {
            return Taxonomy.rsit();
        }
        Path path = file.resolve(node.get("file").requiredText());
        try {
            return Taxonomy.read(new ProfileNode(new YAMLMapper().readTree(path.toFile()), ""), path.toString());
        } catch (java.io.IOException e) {
            throw node.get("file").error("cannot read taxonomy " + path + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (ProfileException e) {
            throw new ProfileException("taxonomy.file " + path + ": " + e.getMessage());
        }
    }

    private static IncidentDefinition definition(ProfileNode node, Taxonomy taxonomy) {
        node.onlyKeys(Set.of("incident", "event"));
        if (!node.present()) {
            return IncidentDefinition.DEFAULT;
        }
        List<String> incidents = categories(node.get("incident"), taxonomy);
        List<String> events = categories(node.get("event"), taxonomy);
        for (String id : incidents) {
            if (events.contains(id)) {
                throw node.get("event").error("'" + id + "' is listed both as incident and as event");
            }
        }
        return new IncidentDefinition(incidents, events);
    }

    private static List<String> categories(ProfileNode list, Taxonomy taxonomy) {
        List<String> ids = new ArrayList<>();
        for (ProfileNode item : list.list()) {
            String id = item.requiredText();
            boolean known = id.contains("/") ? taxonomy.category(id).isPresent() : taxonomy.hasClass(id);
            if (!known) {
                throw item.error("'" + id + "' is not a class or class/type of " + taxonomy.name());
            }
            ids.add(id);
        }
        return ids;
    }

    private static List<ClassificationRule> rules(ProfileNode node, Taxonomy taxonomy) {
        List<ProfileNode> items = node.list();
        if (items.size() > MAX_RULES) {
            throw node.error("at most " + MAX_RULES + " rules (MAX_RULES), got " + items.size());
        }
        List<ClassificationRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ProfileNode item : items) {
            item.onlyKeys(Set.of("name", "category", "priority", "when"));
            String name = item.get("name").requiredText();
            if (!names.add(name)) {
                throw item.get("name").error("rule '" + name + "' is listed twice");
            }
            String category = item.get("category").requiredText();
            if (taxonomy.category(category).isEmpty()) {
                throw item.get("category").error("'" + category + "' is not a class/type of " + taxonomy.name()
                        + " (e.g. fraud/phishing)");
            }
            String priorityText = item.get("priority").text("medium");
            Priority priority = Priority.parse(priorityText).orElseThrow(() -> item.get("priority")
                    .error("'" + priorityText + "' must be critical, high, medium or low"));
            ProfileNode when = item.get("when").onlyKeys(Set.of("keywords", "patterns", "indicatorTypes",
                    "feedbackTypes", "senders"));
            if (!when.present() || when.entries().isEmpty()) {
                throw when.error("a rule needs at least one condition (keywords, patterns, indicatorTypes, "
                        + "feedbackTypes or senders)");
            }
            List<Pattern> patterns = new ArrayList<>();
            for (ProfileNode patternNode : when.get("patterns").list()) {
                String regex = patternNode.requiredText();
                if (regex.length() > MAX_PATTERN_LENGTH) {
                    throw patternNode.error("pattern longer than " + MAX_PATTERN_LENGTH + " characters "
                            + "(MAX_PATTERN_LENGTH)");
                }
                try {
                    patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                } catch (PatternSyntaxException e) {
                    throw patternNode.error("'" + regex + "' is not a regular expression: "
                            + e.getDescription());
                }
            }
            List<String> indicatorTypes = when.get("indicatorTypes").texts();
            for (int i = 0; i < indicatorTypes.size(); i++) {
                if (!indicatorTypes.get(i).matches("[a-z0-9-]+")) {
                    throw when.get("indicatorTypes").list().get(i).error("'" + indicatorTypes.get(i)
                            + "' is not an indicator type such as url, ipv4, ipv6, domain, email");
                }
            }
            rules.add(new ClassificationRule(name, category, priority, when.get("keywords").texts(), patterns,
                    indicatorTypes, when.get("feedbackTypes").texts(), when.get("senders").texts()));
        }
        return rules;
    }
}
