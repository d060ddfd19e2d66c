package org.csirtgateway.parse;

import java.time.Instant;
import java.util.List;

/**
 * A message forwarded inside the report (message/rfc822, or text/rfc822-headers for headers only), read as a message
 * of its own.
 *
 * @param position       1, 2, ... in the order met, across all nesting levels
 * @param parentPosition the evidence this one was forwarded inside, or 0 when directly in the report
 * @param depth          1 when directly in the report, 2 inside that, ...
 * @param received       the Received headers, newest first, unfolded
 * @param bodyText       its own readable text (not that of evidence nested in it)
 */
public record Evidence(int position, int parentPosition, int depth, String messageId, String from, String to,
                       String subject, String date, Instant sentAt, List<String> received, String bodyText) {

    public Evidence {
        received = List.copyOf(received);
        bodyText = bodyText == null ? "" : bodyText;
    }

    /** Its headers as "Name: value" lines, for search. */
    public String headerSummary() {
        StringBuilder text = new StringBuilder();
        line(text, "From", from);
        line(text, "To", to);
        line(text, "Subject", subject);
        line(text, "Date", date);
        line(text, "Message-ID", messageId);
        received.forEach(r -> line(text, "Received", r));
        return text.toString();
    }

    private static void line(StringBuilder text, String name, String value) {
        if (value != null && !value.isBlank()) {
            text.append(name).append(": ").append(value).append('\n');
        }
    }
}
