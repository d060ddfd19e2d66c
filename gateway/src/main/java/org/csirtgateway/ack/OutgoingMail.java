package org.csirtgateway.ack;

/**
 * A composed mail ready for the outbox.
 *
 * @param messageId its Message-ID without angle brackets (replies to it thread onto the ticket)
 * @param recipient the envelope recipient
 * @param mime      the complete RFC 5322 message
 */
public record OutgoingMail(String messageId, String recipient, byte[] mime) {
}
