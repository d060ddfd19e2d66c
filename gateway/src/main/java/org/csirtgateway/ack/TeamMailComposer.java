package org.csirtgateway.ack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Writes mail an analyst sends from a ticket (a reply to the reporter, a forward to another team): from the team
 * address, the ticket tag in the subject, In-Reply-To/References to the thread, our loop marker, and for a forward
 * the original report attached unchanged as message/rfc822.
 *
 * <p>Unlike an acknowledgement it carries no Auto-Submitted header: a person wrote it. Text typed by analysts or
 * taken from reporters enters headers only through Jakarta Mail's encoder after line breaks are removed.
 */
public final class TeamMailComposer {

    /** What to send. {@code attachedOriginal} is the raw report for a forward, or null. */
    public record Draft(String ticketId, String to, String subject, String body, String inReplyTo,
                        List<String> references, byte[] attachedOriginal) {
    }

    private final TeamIdentity team;
    private final Session session = Session.getInstance(new Properties());

    public TeamMailComposer(TeamIdentity team) {
        this.team = team;
    }

    public TeamIdentity team() {
        return team;
    }

    public OutgoingMail compose(Draft draft, Instant now) {
        String messageId = UUID.randomUUID() + "." + draft.ticketId().replaceAll("[^A-Za-z0-9-]", "") + "@"
                + team.domain();
        try {
            MimeMessage mail = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            InternetAddress to = new InternetAddress(draft.to(), true);
            mail.setFrom(new InternetAddress(team.address(), team.name(), StandardCharsets.UTF_8.name()));
            mail.setRecipient(Message.RecipientType.TO, to);
            mail.setSubject(AcknowledgementComposer.singleLine(draft.subject()), StandardCharsets.UTF_8.name());
            mail.setSentDate(Date.from(now));
            mail.setHeader(AcknowledgementPolicy.LOOP_HEADER, team.address());
            if (draft.inReplyTo() != null) {
                mail.setHeader("In-Reply-To", "<" + clean(draft.inReplyTo()) + ">");
            }
            if (!draft.references().isEmpty()) {
                StringBuilder value = new StringBuilder();
                List<String> refs = draft.references();
                for (String id : refs.subList(Math.max(0, refs.size() - 20), refs.size())) {
                    if (value.length() > 0) {
                        value.append("\r\n ");
                    }
                    value.append('<').append(clean(id)).append('>');
                }
                mail.setHeader("References", value.toString());
            }
            if (draft.attachedOriginal() == null) {
                mail.setText(draft.body(), StandardCharsets.UTF_8.name());
            } else {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(draft.body(), StandardCharsets.UTF_8.name());
                MimeBodyPart original = new MimeBodyPart();
                original.setDataHandler(new DataHandler(new ByteArrayDataSource(draft.attachedOriginal(),
                        "message/rfc822")));
                original.setDisposition(MimeBodyPart.ATTACHMENT);
                original.setFileName("original-report.eml");
                mail.setContent(new MimeMultipart(text, original));
            }
            mail.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            mail.writeTo(bytes);
            return new OutgoingMail(messageId, to.getAddress(), bytes.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("Cannot compose mail for " + draft.ticketId() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String clean(String messageId) {
        return messageId.replaceAll("[\\s<>]", "");
    }
}
