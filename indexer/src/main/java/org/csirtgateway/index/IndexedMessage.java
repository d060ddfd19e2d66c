package org.csirtgateway.index;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One message of a ticket as the index sees it. Built by the gateway after a message is ticketed; the index never
 * reads mail itself. The first seven components are what every message has; the rest are optional (empty when the
 * stage that produces them has not run) and are set with {@link #builder}.
 *
 * @param messageKey      unique and stable key of the message (the gateway's message row id); re-indexing the same
 *                        key replaces the document, so indexing is idempotent
 * @param ticketId        the ticket the message belongs to, e.g. {@code CSIRT#2026-000123}
 * @param subject         decoded subject
 * @param sender          decoded sender, "Name <address>" or just the address
 * @param body            plain text body (already decoded and converted to text), including forwarded evidence and
 *                        decrypted content as text
 * @param receivedAt      when the gateway received the message
 * @param status          the ticket status at indexing time
 * @param channel         the mailbox it came in on, e.g. {@code csirt}
 * @param recipients      To/Cc addresses
 * @param attachmentNames file names of attachments
 * @param attachmentText  text extracted from attachments (one string, parts separated by blank lines)
 * @param indicators      indicators of compromise found in the message (IPs, domains, URLs, ...)
 * @param arfFields       fields of an ARF (RFC 5965) feedback report, name to value, e.g. Feedback-Type: abuse
 * @param category        the ticket category at indexing time (phishing, malware, ...)
 * @param encryption      how the message was protected in transit: {@code none}, {@code decrypted},
 *                        {@code undecryptable}
 * @param signature       the state of its signature: {@code none}, {@code valid}, {@code invalid},
 *                        {@code unknown-key}
 */
public record IndexedMessage(
        String messageKey,
        String ticketId,
        String subject,
        String sender,
        String body,
        Instant receivedAt,
        String status,
        String channel,
        List<String> recipients,
        List<String> attachmentNames,
        String attachmentText,
        List<Indicator> indicators,
        Map<String, String> arfFields,
        String category,
        String encryption,
        String signature) {

    public IndexedMessage {
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        subject = subject == null ? "" : subject;
        sender = sender == null ? "" : sender;
        body = body == null ? "" : body;
        status = status == null ? "" : status;
        channel = channel == null ? "" : channel;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
        attachmentText = attachmentText == null ? "" : attachmentText;
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
        arfFields = arfFields == null ? Map.of() : Map.copyOf(new TreeMap<>(arfFields));
        category = category == null ? "" : category;
        encryption = encryption == null ? "" : encryption;
        signature = signature == null ? "" : signature;
    }

    /** The message with only the components every message has. */
    public IndexedMessage(String messageKey, String ticketId, String subject, String sender, String body,
            Instant receivedAt, String status) {
        this(messageKey, ticketId, subject, sender, body, receivedAt, status, null, null, null, null, null, null,
                null, null, null);
    }

    /** A builder starting from the components every message has. */
    public static Builder builder(String messageKey, String ticketId, Instant receivedAt) {
        return new Builder(messageKey, ticketId, receivedAt);
    }

    /** A builder holding this message's values, to change some. */
    public Builder toBuilder() {
        return new Builder(messageKey, ticketId, receivedAt).subject(subject).sender(sender).body(body)
                .status(status).channel(channel).recipients(recipients).attachmentNames(attachmentNames)
                .attachmentText(attachmentText).indicators(indicators).arfFields(arfFields).category(category)
                .encryption(encryption).signature(signature);
    }

    /** Builds an {@link IndexedMessage}; unset optional components are empty. */
    public static final class Builder {
        private final String messageKey;
        private final String ticketId;
        private final Instant receivedAt;
        private String subject;
        private String sender;
        private String body;
        private String status;
        private String channel;
        private List<String> recipients;
        private List<String> attachmentNames;
        private String attachmentText;
        private List<Indicator> indicators;
        private Map<String, String> arfFields;
        private String category;
        private String encryption;
        private String signature;

        private Builder(String messageKey, String ticketId, Instant receivedAt) {
            this.messageKey = messageKey;
            this.ticketId = ticketId;
            this.receivedAt = receivedAt;
        }

        public Builder subject(String value) { subject = value; return this; }
        public Builder sender(String value) { sender = value; return this; }
        public Builder body(String value) { body = value; return this; }
        public Builder status(String value) { status = value; return this; }
        public Builder channel(String value) { channel = value; return this; }
        public Builder recipients(List<String> value) { recipients = value; return this; }
        public Builder attachmentNames(List<String> value) { attachmentNames = value; return this; }
        public Builder attachmentText(String value) { attachmentText = value; return this; }
        public Builder indicators(List<Indicator> value) { indicators = value; return this; }
        public Builder arfFields(Map<String, String> value) { arfFields = value; return this; }
        public Builder category(String value) { category = value; return this; }
        public Builder encryption(String value) { encryption = value; return this; }
        public Builder signature(String value) { signature = value; return this; }

        public IndexedMessage build() {
            return new IndexedMessage(messageKey, ticketId, subject, sender, body, receivedAt, status, channel,
                    recipients, attachmentNames, attachmentText, indicators, arfFields, category, encryption,
                    signature);
        }
    }
}
