package org.csirtgateway.ticket;

import java.time.Instant;
import java.util.List;

/**
 * One message on a ticket. All text fields are reporter-controlled: render them escaped, never as markup.
 *
 * @param role          report (opened the ticket), follow-up (threaded onto it), duplicate (same Message-ID again)
 * @param sentAt        the Date header, or null when absent or unparseable
 * @param archiveSha256 key of the raw original in the archive
 * @param crypto        OpenPGP encryption and signature status (issue 5)
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
        MessageCrypto crypto) {

    public MessageView {
        parseWarnings = List.copyOf(parseWarnings);
    }
}
