package org.csirtgateway.parse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the gateway reads out of one raw message. All strings are decoded and reporter-controlled.
 *
 * @param messageId   Message-ID without angle brackets, or null
 * @param inReplyTo   In-Reply-To message IDs without angle brackets
 * @param references  References message IDs without angle brackets
 * @param fromAddress the sender's address (lower case), or null when there is none
 * @param returnPath  the Return-Path address, "" for a null return path {@code <>}, null when absent
 * @param sentAt      the Date header, or null
 * @param bodyText    the report's own readable text: the text part, or text made from HTML (forwarded messages are
 *                    in {@code details().evidence()})
 * @param attachments names (or types) of the report's own attachments
 * @param robotHeaders the headers that say whether a robot or list sent it (Auto-Submitted, Precedence, List-Id,
 *                    List-Unsubscribe, X-Loop and the like), names in lower case
 * @param warnings    tolerated defects, readable, one per entry
 * @param details     forwarded evidence, attachments, machine-readable report fields, indicators
 */
public record ParsedReport(
        String messageId,
        List<String> inReplyTo,
        List<String> references,
        String subject,
        String fromAddress,
        String fromName,
        String returnPath,
        Instant sentAt,
        String bodyText,
        List<String> attachments,
        Map<String, String> robotHeaders,
        List<String> warnings,
        ReportDetails details) {

    /** A report without details (evidence, attachments, fields, indicators). */
    public ParsedReport(String messageId, List<String> inReplyTo, List<String> references, String subject,
                        String fromAddress, String fromName, String returnPath, Instant sentAt, String bodyText,
                        List<String> attachments, Map<String, String> robotHeaders, List<String> warnings) {
        this(messageId, inReplyTo, references, subject, fromAddress, fromName, returnPath, sentAt, bodyText,
                attachments, robotHeaders, warnings, ReportDetails.NONE);
    }

    public ParsedReport {
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
        attachments = List.copyOf(attachments);
        robotHeaders = Map.copyOf(robotHeaders);
        warnings = List.copyOf(warnings);
        subject = subject == null ? "" : subject;
        bodyText = bodyText == null ? "" : bodyText;
        details = details == null ? ReportDetails.NONE : details;
    }

    /** What the search index holds for this message: its own text, then its details' searchable text. */
    public String searchableText() {
        String more = details.searchableText();
        return more.isEmpty() ? bodyText : bodyText + "\n\n" + more;
    }

    /** The sender for display: "Name <address>", or the address, or "(unknown sender)". */
    public String sender() {
        if (fromAddress == null) {
            return "(unknown sender)";
        }
        return fromName == null || fromName.isBlank() ? fromAddress : fromName + " <" + fromAddress + ">";
    }
}
