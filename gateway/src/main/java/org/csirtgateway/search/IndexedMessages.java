package org.csirtgateway.search;

import java.time.Instant;
import java.util.List;

import org.csirtgateway.index.Indicator;
import org.csirtgateway.index.IndexedMessage;

/**
 * Makes the index's view of a stored message, the same way for a new message and for a rebuild, so a rebuilt index
 * equals the one built message by message.
 */
public final class IndexedMessages {

    private IndexedMessages() {
    }

    /**
     * A message of a ticket without a category yet (a new report).
     *
     * @param indicators the message's indicators as the parser extracted them (its extractor; see
     *                   {@link ExtractedIndicators})
     */
    public static IndexedMessage of(long messageRowId, String ticketId, String subject, String sender, String body,
                                    Instant receivedAt, String status, String channel, List<String> attachmentNames,
                                    List<Indicator> indicators) {
        return of(messageRowId, ticketId, subject, sender, body, receivedAt, status, null, channel, attachmentNames,
                indicators);
    }

    /** As above, with the ticket's category (null or blank when it has none). */
    public static IndexedMessage of(long messageRowId, String ticketId, String subject, String sender, String body,
                                    Instant receivedAt, String status, String category, String channel,
                                    List<String> attachmentNames, List<Indicator> indicators) {
        List<Indicator> found = java.util.Objects.requireNonNull(indicators, "indicators");
        return IndexedMessage.builder(String.valueOf(messageRowId), ticketId, receivedAt)
                .subject(subject).sender(sender).body(body).status(status).category(category).channel(channel)
                .attachmentNames(attachmentNames).indicators(found).build();
    }
}
