package org.csirtgateway.ui.ticket;

import java.time.Instant;
import java.util.List;

import org.csirtgateway.index.TicketHit;
import org.csirtgateway.ticket.AcknowledgementView;
import org.csirtgateway.ticket.MessageView;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketSummary;

/** The API's JSON documents for tickets: a stable shape, independent of the gateway's internal records. */
final class TicketJson {

    private TicketJson() {
    }

    record ListDocument(long total, int limit, int offset, List<ListItem> tickets) {
    }

    /**
     * One found ticket. {@code snippet} is plain text; {@code matches} are [start, end) char ranges of it where the
     * query matched: escape the snippet's pieces, then wrap the matched ones (never insert it as HTML).
     */
    record ListItem(String id, String subject, String reporter, String channel, String status, Instant receivedAt,
                    Instant acknowledgedAt, int messageCount, String snippet, List<TicketHit.Match> matches) {
    }

    record Ticket(String id, String subject, String reporter, String channel, String status, Instant receivedAt,
                  Instant acknowledgedAt, int messageCount, AcknowledgementView acknowledgement,
                  List<Message> messages) {
    }

    record Message(long id, String role, String messageId, String from, String fromName, String subject,
                   Instant sentAt, Instant receivedAt, String body, List<String> parseWarnings, String archiveSha256) {
    }

    static ListDocument list(TicketPage page, int limit, int offset) {
        return new ListDocument(page.total(), limit, offset, page.tickets().stream().map(found -> {
            TicketSummary t = found.ticket();
            return new ListItem(t.id(), t.subject(), t.reporter(), t.channel(), t.status(), t.receivedAt(),
                    t.acknowledgedAt(), t.messageCount(), found.snippet(), found.matches());
        }).toList());
    }

    static Ticket ticket(TicketDetail detail) {
        TicketSummary t = detail.summary();
        return new Ticket(t.id(), t.subject(), t.reporter(), t.channel(), t.status(), t.receivedAt(),
                t.acknowledgedAt(), t.messageCount(), detail.acknowledgement(),
                detail.messages().stream().map(TicketJson::message).toList());
    }

    private static Message message(MessageView m) {
        return new Message(m.id(), m.role(), m.messageId(), m.fromAddress(), m.fromName(), m.subject(), m.sentAt(),
                m.receivedAt(), m.bodyText(), m.parseWarnings(), m.archiveSha256());
    }
}
