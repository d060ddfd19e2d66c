package org.csirtgateway.triage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One classification rule of the team profile: when every condition it lists holds (any keyword, any pattern, any
 * indicator type, any ARF feedback type, any sender), it suggests {@code category} with {@code priority}. The
 * explanation says which value made each condition hold, so the analyst sees why.
 *
 * @param keywords      case-insensitive substrings of subject or text
 * @param patterns      regular expressions searched in subject and text (with a read budget against backtracking)
 * @param indicatorTypes e.g. url, ipv4, email
 * @param feedbackTypes  ARF (RFC 5965) Feedback-Type values, e.g. abuse, fraud, virus
 * @param senders       a full address (exact) or a domain, optionally with a leading @ (the sender's domain or below)
 */
public record ClassificationRule(String name, String category, Priority priority, List<String> keywords,
                                 List<Pattern> patterns, List<String> indicatorTypes, List<String> feedbackTypes,
                                 List<String> senders) {

    public ClassificationRule {
        keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        patterns = List.copyOf(patterns);
        indicatorTypes = indicatorTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        feedbackTypes = feedbackTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        senders = senders.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** What a rule is matched against. */
    public record Facts(String subject, String text, String sender, List<Indicator> indicators,
                        List<String> feedbackTypes) {
    }

    /** Why the rule fired, or empty when it does not. */
    public Optional<String> explain(Facts facts) {
        return explain(facts, new Lowered(facts), Map.of());
    }

    /**
     * The facts' subject and text in lower case, worked out once for all the rules tried on them, and case-folded
     * for the patterns' {@link LiteralScreen}s (when a rule with patterns first needs them).
     */
    static final class Lowered {
        private final Facts facts;
        private final String subject;
        private final String text;
        private String foldedSubject;
        private String foldedText;

        Lowered(Facts facts) {
            this.facts = facts;
            this.subject = facts.subject().toLowerCase(Locale.ROOT);
            this.text = facts.text().toLowerCase(Locale.ROOT);
        }

        String subject() {
            return subject;
        }

        String text() {
            return text;
        }

        String foldedSubject() {
            if (foldedSubject == null) {
                foldedSubject = LiteralScreen.fold(facts.subject());
            }
            return foldedSubject;
        }

        String foldedText() {
            if (foldedText == null) {
                foldedText = LiteralScreen.fold(facts.text());
            }
            return foldedText;
        }
    }

    /**
     * {@link #explain(Facts)} with the texts lowered once for all rules, and a screen per pattern (from
     * {@code screens}; a pattern without one always runs): a pattern whose screen rules out a text is not run on it.
     */
    Optional<String> explain(Facts facts, Lowered lowered, Map<Pattern, LiteralScreen> screens) {
        StringBuilder why = new StringBuilder();
        if (!keywords.isEmpty()) {
            String subject = lowered.subject();
            String text = lowered.text();
            Optional<String> keyword = keywords.stream().filter(k -> subject.contains(k) || text.contains(k))
                    .findFirst();
            if (keyword.isEmpty()) {
                return Optional.empty();
            }
            append(why, "keyword '" + keyword.get() + "'");
        }
        if (!patterns.isEmpty()) {
            Optional<String> pattern = patterns.stream().filter(p -> {
                LiteralScreen screen = screens.getOrDefault(p, LiteralScreen.NONE);
                return screen.mayFind(lowered.foldedSubject()) && finds(p, facts.subject())
                        || screen.mayFind(lowered.foldedText()) && finds(p, facts.text());
            }).map(Pattern::pattern).findFirst();
            if (pattern.isEmpty()) {
                return Optional.empty();
            }
            append(why, "pattern /" + pattern.get() + "/");
        }
        if (!indicatorTypes.isEmpty()) {
            Optional<Indicator> indicator = facts.indicators().stream()
                    .filter(i -> indicatorTypes.contains(i.type())).findFirst();
            if (indicator.isEmpty()) {
                return Optional.empty();
            }
            append(why, "indicator type " + indicator.get().type());
        }
        if (!feedbackTypes.isEmpty()) {
            Optional<String> type = facts.feedbackTypes().stream()
                    .map(t -> t.toLowerCase(Locale.ROOT)).filter(feedbackTypes::contains).findFirst();
            if (type.isEmpty()) {
                return Optional.empty();
            }
            append(why, "ARF feedback type " + type.get());
        }
        if (!senders.isEmpty()) {
            String sender = facts.sender() == null ? "" : facts.sender().toLowerCase(Locale.ROOT);
            Optional<String> match = senders.stream().filter(s -> senderMatches(s, sender)).findFirst();
            if (match.isEmpty()) {
                return Optional.empty();
            }
            append(why, "sender " + match.get());
        }
        return Optional.of(why.toString());
    }

    private static boolean senderMatches(String entry, String sender) {
        if (sender.isEmpty()) {
            return false;
        }
        if (entry.contains("@") && !entry.startsWith("@")) {
            return entry.equals(sender);
        }
        String domain = entry.startsWith("@") ? entry.substring(1) : entry;
        String senderDomain = sender.substring(sender.indexOf('@') + 1);
        return senderDomain.equals(domain) || senderDomain.endsWith("." + domain);
    }

    private static boolean finds(Pattern pattern, String text) {
        try {
            Matcher matcher = pattern.matcher(new BoundedText(text));
            return matcher.find();
        } catch (BoundedText.BudgetExceeded e) {
            return false;
        }
    }

    private static void append(StringBuilder why, String part) {
        if (why.length() > 0) {
            why.append(", ");
        }
        why.append(part);
    }
}
