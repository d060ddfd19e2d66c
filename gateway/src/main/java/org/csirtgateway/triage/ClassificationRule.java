package org.csirtgateway.triage;

import java.util.List;
import java.util.Locale;
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
        return explain(facts, new Lowered(facts));
    }

    /** The facts' subject and text in lower case, worked out once for all the rules tried on them. */
    record Lowered(String subject, String text) {
        Lowered(Facts facts) {
            this(facts.subject().toLowerCase(Locale.ROOT), facts.text().toLowerCase(Locale.ROOT));
        }
    }

    Optional<String> explain(Facts facts, Lowered lowered) {
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
            Optional<String> pattern = patterns.stream().filter(p -> finds(p, facts.subject())
                    || finds(p, facts.text())).map(Pattern::pattern).findFirst();
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
