package org.csirtgateway.ticket;

import java.time.Instant;
import java.util.List;

import org.csirtgateway.evidence.MessageDetails;

/**
 * One message on a ticket. All text fields are reporter-controlled: render them escaped, never as markup.
 *
 * @param role          report (opened the ticket), follow-up (threaded onto it), duplicate (same Message-ID again);
 *                      reply / forward for mail the team sent (then fromAddress holds its recipient, fromName the
 *                      analyst who wrote it, receivedAt when it was queued, parseWarnings its delivery state while
 *                      not sent, archiveSha256 null)
 * @param sentAt        the Date header, or null when absent or unparseable
 * @param archiveSha256 key of the raw original in the archive
 * @param details       forwarded evidence, attachments, report fields and indicators
 * @param crypto        OpenPGP encryption and signature status
 */
public record MessageView(
        long id,
        String role,
        String messageId,
        String fromAddress,
        String fromName,
        String subject,
        Instant sentAt,
        Instant receivedAt,
        String bodyText,
        List<String> parseWarnings,
        String archiveSha256,
        MessageDetails details,
        MessageCrypto crypto) {

    /** A message without details or crypto status. */
    public MessageView(long id, String role, String messageId, String fromAddress, String fromName, String subject,
                       Instant sentAt, Instant receivedAt, String bodyText, List<String> parseWarnings,
                       String archiveSha256) {
        this(id, role, messageId, fromAddress, fromName, subject, sentAt, receivedAt, bodyText, parseWarnings,
                archiveSha256, MessageDetails.NONE, MessageCrypto.NOT_CHECKED);
    }

    public MessageView {
        parseWarnings = List.copyOf(parseWarnings);
        details = details == null ? MessageDetails.NONE : details;
    }
}
