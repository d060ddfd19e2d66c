package org.csirtgateway.ack;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.csirtgateway.parse.ParsedReport;

/**
 * Decides whether a new report gets an acknowledgement (RFC 3834): never to robots, lists, bounces or ourselves,
 * never in a loop. Each "no" carries the reason that is recorded on the ticket.
 */
public final class AcknowledgementPolicy {

    // compiled once (String.replaceAll compiles its pattern on every call)
    private static final java.util.regex.Pattern COMMENT = java.util.regex.Pattern.compile("\\([^)]*\\)");
    private static final java.util.regex.Pattern ANGLE_BRACKETS = java.util.regex.Pattern.compile("^<|>$");

    /** The header our own mail carries, so that we never answer ourselves. */
    public static final String LOOP_HEADER = "X-CSIRT-Gateway-Loop";

    /** X-Auto-Response-Suppress values (Microsoft Exchange) that ask for no automatic replies. */
    private static final Set<String> SUPPRESS_TOKENS = Set.of("all", "autoreply", "oof");
    /**
     * Subjects that autoresponders put on their replies (Exchange, Gmail, Japanese mailers), at the start only, so an
     * autoresponder that drops every header still gets no acknowledgement from us.
     */
    private static final java.util.regex.Pattern AUTO_REPLY_SUBJECT = java.util.regex.Pattern.compile(
            "(?iu)(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|auto:|out of (?:the )?office|abwesenheit"
                    + "|réponse automatique|自動(?:応答|返信|送信)|不在(?:通知|のお知らせ)?)");
    /** Sender local parts that by convention take no replies (RFC 3834 section 2 names owner- and -request). */
    private static final java.util.regex.Pattern NO_REPLY_LOCAL_PART = java.util.regex.Pattern.compile(
            "no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?(?:[-+].*)?|owner-.+|.+-request|.+-bounces?");

    private final Set<String> ownAddresses;
    private final AcknowledgementRateLimit rateLimit;

    public AcknowledgementPolicy(Set<String> ownAddresses) {
        this(ownAddresses, AcknowledgementRateLimit.DEFAULT);
    }

    public AcknowledgementPolicy(Set<String> ownAddresses, AcknowledgementRateLimit rateLimit) {
        this.ownAddresses = ownAddresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
        this.rateLimit = rateLimit;
    }

    /**
     * The whole decision for a new ticket, inside the intake transaction: the header rules of {@link #decide}, then
     * the rate limits counted from the outbox.
     */
    public Decision decide(Connection connection, ParsedReport report, Instant now) throws SQLException {
        Decision byHeaders = decide(report);
        if (!byHeaders.send()) {
            return byHeaders;
        }
        Optional<String> limited = rateLimit.refusal(connection, report.fromAddress(), now);
        return limited.map(Decision::suppress).orElse(byHeaders);
    }

    /** The rules that need nothing but the message itself. */
    public Decision decide(ParsedReport report) {
        Map<String, String> headers = report.robotHeaders();
        String autoSubmitted = headers.get("auto-submitted");
        if (autoSubmitted != null && !firstToken(autoSubmitted).equals("no")) {
            return Decision.suppress("sender is automated (Auto-Submitted: " + oneLine(autoSubmitted) + ")");
        }
        if (headers.containsKey(LOOP_HEADER.toLowerCase(Locale.ROOT))) {
            return Decision.suppress("the message carries our own loop marker (" + LOOP_HEADER + ")");
        }
        String xLoop = headers.get("x-loop");
        if (xLoop != null && ownAddresses.contains(firstToken(xLoop))) {
            return Decision.suppress("the message carries our own address in X-Loop");
        }
        String precedence = firstToken(headers.getOrDefault("precedence", ""));
        if (precedence.equals("bulk") || precedence.equals("list") || precedence.equals("junk")
                || precedence.equals("auto_reply")) {
            return Decision.suppress("bulk or list mail (Precedence: " + precedence + ")");
        }
        if (headers.containsKey("list-id") || headers.containsKey("list-unsubscribe")) {
            return Decision.suppress("mailing list mail (List-Id or List-Unsubscribe present)");
        }
        if (headers.containsKey("x-autoreply") || headers.containsKey("x-autorespond")) {
            return Decision.suppress("sender is an autoresponder (X-Autoreply/X-Autorespond)");
        }
        String suppress = headers.getOrDefault("x-auto-response-suppress", "").toLowerCase(Locale.ROOT);
        if (SUPPRESS_TOKENS.stream().anyMatch(token -> java.util.Arrays.asList(suppress.split("[\\s,;]+"))
                .contains(token))) {
            return Decision.suppress("the sender asks for no automatic replies (X-Auto-Response-Suppress: "
                    + oneLine(headers.get("x-auto-response-suppress")) + ")");
        }
        String subject = report.subject() == null ? "" : report.subject().strip();
        if (AUTO_REPLY_SUBJECT.matcher(subject).lookingAt()) {
            return Decision.suppress("the subject is that of an automatic reply (" + oneLine(subject) + ")");
        }
        if ("".equals(report.returnPath())) {
            return Decision.suppress("null return path (Return-Path: <>), typical of bounces");
        }
        String from = report.fromAddress();
        if (from == null || from.isBlank()) {
            return Decision.suppress("no sender address to answer");
        }
        from = from.toLowerCase(Locale.ROOT);
        String local = from.contains("@") ? from.substring(0, from.indexOf('@')) : from;
        if (local.equals("mailer-daemon") || local.equals("postmaster")) {
            return Decision.suppress("sender is a mail system (" + local + ")");
        }
        if (NO_REPLY_LOCAL_PART.matcher(local).matches()) {
            return Decision.suppress("the sender address takes no replies (" + oneLine(local) + "@)");
        }
        if (ownAddresses.contains(from)) {
            return Decision.suppress("sender is one of our own addresses");
        }
        Optional<String> unusable = unanswerable(report.fromAddress());
        if (unusable.isPresent()) {
            return Decision.suppress("the sender address cannot be answered (" + unusable.get() + ")");
        }
        return Decision.send("a new report from a person");
    }

    /**
     * Why an acknowledgement could not be addressed to {@code address} (the mail library refuses it as a recipient),
     * or empty. Such a report is ticketed without an acknowledgement rather than failing at composing.
     */
    private static Optional<String> unanswerable(String address) {
        try {
            new jakarta.mail.internet.InternetAddress(address, true);
            return Optional.empty();
        } catch (jakarta.mail.internet.AddressException e) {
            return Optional.of(oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** The value's first token, lower case, without RFC 5322 comments or parameters: "No (manual); x" is "no". */
    private static String firstToken(String value) {
        String cleaned = COMMENT.matcher(value).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < cleaned.length() && !Character.isWhitespace(cleaned.charAt(end)) && cleaned.charAt(end) != ';') {
            end++;
        }
        return ANGLE_BRACKETS.matcher(cleaned.substring(0, end)).replaceAll("");
    }

    private static String oneLine(String value) {
        String line = AcknowledgementComposer.singleLine(value);
        return line.length() > 100 ? line.substring(0, 100) + "..." : line;
    }

    /** The outcome: send or not, and why. */
    public record Decision(boolean send, String reason) {
        static Decision send(String reason) {
            return new Decision(true, reason);
        }

        static Decision suppress(String reason) {
            return new Decision(false, reason);
        }
    }
}
