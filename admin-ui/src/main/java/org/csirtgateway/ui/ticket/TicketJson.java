package org.csirtgateway.ui.ticket;

import java.time.Instant;
import java.util.List;

import org.csirtgateway.evidence.AttachmentView;
import org.csirtgateway.evidence.MessageDetails;
import org.csirtgateway.indicator.Indicator;
import org.csirtgateway.parse.Evidence;
import org.csirtgateway.parse.ReportField;
import org.csirtgateway.index.TicketHit;
import org.csirtgateway.ticket.AcknowledgementView;
import org.csirtgateway.ticket.MessageView;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketLife;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketSummary;
import org.csirtgateway.triage.TriageView;

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
                  List<Message> messages, String assignee, String category, Instant statusChangedAt,
                  String statusChangedBy, String mergedInto, List<String> mergedFrom, List<TicketLife.Note> notes,
                  List<TicketLife.Outgoing> outgoing, List<TicketLife.Event> events,
                  TriageView triage) {
    }

    record Message(long id, String role, String messageId, String from, String fromName, String subject,
                   Instant sentAt, Instant receivedAt, String body, List<String> parseWarnings, String archiveSha256,
                   List<EvidenceItem> evidence, List<AttachmentItem> attachments, List<ReportField> reportFields,
                   List<Indicator> indicators, Encryption encryption, Signature signature, List<Note> protectionNotes,
                   List<Part> parts, String fullHeaders) {
    }

    /**
     * A finding beside the badges ({@code code}: partially-encrypted, partially-signed, sender-ambiguous,
     * signer-not-sender, protected-header-differs, signature-date-far), its parameters and its English text.
     */
    record Note(String code, List<String> params, String text) {
    }

    /**
     * One span of the message's body text ({@code [start, end)} in characters of {@code body}): protected, with its
     * encryption and signature, or travelled in clear. Together the parts cover the whole body; empty when nothing
     * of the message was protected.
     */
    record Part(Span span, boolean isProtected, Encryption encryption, Signature signature) {
    }

    /** Offsets into the body text, {@code [start, end)}. */
    record Span(int start, int end) {
    }

    /** A forwarded message; {@code parent} 0 means directly in the report. */
    record EvidenceItem(int position, int parent, int depth, String messageId, String from, String to,
                        String subject, String date, Instant sentAt, List<String> received, String body,
                        List<AttachmentItem> attachments) {
    }

    /** {@code download} is the path of the download, or null when the attachment was over the intake limit. */
    record AttachmentItem(String filename, String declaredType, String detectedType, long size, String sha256,
                          String download) {
    }

    /**
     * OpenPGP encryption of a message: state none | decrypted | failed, the detail (key used, or why not) in English,
     * and the same as data ({@code reason}: a code and its parameters).
     */
    record Encryption(String state, String detail, Reason reason) {
    }

    /** OpenPGP signature: state none | good | bad | unknown-key | expired | revoked, who signed, and the detail. */
    record Signature(String state, String fingerprint, String userId, String detail, Reason reason) {
    }

    /** A reason as data: its code and parameters (the English text beside it renders them). */
    record Reason(String code, List<String> params) {
        static Reason of(org.csirtgateway.reason.Finding finding) {
            return finding == null || finding.isNone() ? null : new Reason(finding.code(), finding.params());
        }
    }

    private static final org.csirtgateway.ui.i18n.Texts ENGLISH = org.csirtgateway.ui.i18n.Texts.english();

    static ListDocument list(TicketPage page, int limit, int offset) {
        return new ListDocument(page.total(), limit, offset, page.tickets().stream().map(found -> {
            TicketSummary t = found.ticket();
            return new ListItem(t.id(), t.subject(), t.reporter(), t.channel(), t.status(), t.receivedAt(),
                    t.acknowledgedAt(), t.messageCount(), found.snippet(), found.matches());
        }).toList());
    }

    static Ticket ticket(TicketDetail detail) {
        return ticket(detail, null);
    }

    /** With the ticket's triage, null when it has none. */
    static Ticket ticket(TicketDetail detail, TriageView triage) {
        return ticket(detail, triage, java.util.Map.of());
    }

    /** And each message's header block as it arrived ({@code fullHeaders}, by archive key; null when unknown). */
    static Ticket ticket(TicketDetail detail, TriageView triage, java.util.Map<String, String> fullHeaders) {
        TicketSummary t = detail.summary();
        TicketLife life = detail.life();
        return new Ticket(t.id(), t.subject(), t.reporter(), t.channel(), t.status(), t.receivedAt(),
                t.acknowledgedAt(), t.messageCount(), detail.acknowledgement(),
                detail.messages().stream().map(m -> message(t.id(), m, fullHeaders)).toList(), life.assignee(),
                life.category(),
                life.statusChangedAt(), life.statusChangedBy(), life.mergedInto(), life.mergedFrom(), life.notes(),
                life.outgoing(), life.events(), triage);
    }

    private static Message message(String ticketId, MessageView m, java.util.Map<String, String> fullHeaders) {
        MessageDetails d = m.details();
        return new Message(m.id(), m.role(), m.messageId(), m.fromAddress(), m.fromName(), m.subject(), m.sentAt(),
                m.receivedAt(), m.bodyText(), m.parseWarnings(), m.archiveSha256(),
                d.evidence().stream().map(e -> evidence(ticketId, d, e)).toList(),
                attachments(ticketId, d.attachmentsOf(0)), d.fields(), d.indicators(),
                new Encryption(m.crypto().encryption(), ENGLISH.reason(m.crypto().encryptionDetail()),
                        Reason.of(m.crypto().encryptionDetail())),
                new Signature(m.crypto().signature(), m.crypto().signerFingerprint(), m.crypto().signerUserId(),
                        ENGLISH.reason(m.crypto().signatureDetail()), Reason.of(m.crypto().signatureDetail())),
                m.crypto().notes().stream().map(n -> new Note(n.code(), n.params(), ENGLISH.reason(n))).toList(),
                m.crypto().spansOf(m.bodyText()).stream().map(p -> new Part(new Span(p.start(), p.end()),
                        p.isProtected(), new Encryption(p.encryption(), ENGLISH.reason(p.encryptionDetail()),
                        Reason.of(p.encryptionDetail())), new Signature(p.signature(), null, p.signerUserId(),
                        ENGLISH.reason(p.signatureDetail()), Reason.of(p.signatureDetail())))).toList(),
                m.archiveSha256() == null ? null : fullHeaders.get(m.archiveSha256()));
    }

    private static EvidenceItem evidence(String ticketId, MessageDetails d, Evidence e) {
        return new EvidenceItem(e.position(), e.parentPosition(), e.depth(), e.messageId(), e.from(), e.to(),
                e.subject(), e.date(), e.sentAt(), e.received(), e.bodyText(),
                attachments(ticketId, d.attachmentsOf(e.position())));
    }

    private static List<AttachmentItem> attachments(String ticketId, List<AttachmentView> attachments) {
        return attachments.stream().map(a -> new AttachmentItem(a.filename(), a.declaredType(), a.detectedType(),
                a.sizeBytes(), a.sha256(), a.stored() ? TicketLinks.attachment(ticketId, a.sha256()) : null)).toList();
    }
}
