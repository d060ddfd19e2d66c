package org.csirtgateway.ack;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.csirtgateway.parse.ParsedReport;

/**
 * Decides whether a new report gets an acknowledgement (RFC 3834): never to robots, lists, bounces or ourselves,
 * never in a loop. Each "no" carries the reason that is recorded on the ticket.
 */
public final class AcknowledgementPolicy {

    /** The header our own mail carries, so that we never answer ourselves. */
    public static final String LOOP_HEADER = "X-CSIRT-Gateway-Loop";

    private final Set<String> ownAddresses;

    public AcknowledgementPolicy(Set<String> ownAddresses) {
        this.ownAddresses = ownAddresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Decision decide(ParsedReport report) {
        Map<String, String> headers = report.robotHeaders();
        String autoSubmitted = headers.get("auto-submitted");
        if (autoSubmitted != null && !autoSubmitted.toLowerCase(Locale.ROOT).startsWith("no")) {
            return Decision.suppress("sender is automated (Auto-Submitted: " + autoSubmitted + ")");
        }
        if (headers.containsKey(LOOP_HEADER.toLowerCase(Locale.ROOT))) {
            return Decision.suppress("the message carries our own loop marker (" + LOOP_HEADER + ")");
        }
        String precedence = headers.getOrDefault("precedence", "").toLowerCase(Locale.ROOT);
        if (precedence.equals("bulk") || precedence.equals("list") || precedence.equals("junk")) {
            return Decision.suppress("bulk or list mail (Precedence: " + precedence + ")");
        }
        if (headers.containsKey("list-id") || headers.containsKey("list-unsubscribe")) {
            return Decision.suppress("mailing list mail (List-Id or List-Unsubscribe present)");
        }
        if (headers.containsKey("x-autoreply") || headers.containsKey("x-autorespond")) {
            return Decision.suppress("sender is an autoresponder (X-Autoreply/X-Autorespond)");
        }
        if ("".equals(report.returnPath())) {
            return Decision.suppress("null return path (Return-Path: <>), typical of bounces");
        }
        String from = report.fromAddress();
        if (from == null) {
            return Decision.suppress("no sender address to answer");
        }
        String local = from.contains("@") ? from.substring(0, from.indexOf('@')) : from;
        if (local.equalsIgnoreCase("mailer-daemon") || local.equalsIgnoreCase("postmaster")) {
            return Decision.suppress("sender is a mail system (" + local + ")");
        }
        if (ownAddresses.contains(from)) {
            return Decision.suppress("sender is one of our own addresses");
        }
        return Decision.send("a new report from a person");
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
