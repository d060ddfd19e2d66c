package org.csirtgateway.triage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.profile.TeamProfile;

/**
 * Writes the forward of a report to the partner team responsible for it: a short cover note (which indicators are
 * theirs), and the original report attached byte for byte as {@code message/rfc822}, so the partner sees exactly
 * what we received. The subject carries our ticket tag, so the partner's reply threads onto the ticket.
 *
 * <p>This writes the clear message only: {@link CoordinationService} has it signed, and encrypted to the partner's key
 * when the profile names one ({@code partners[].publicKey}), before it enters the outbox.
 *
 * <p>Reporter-controlled text (the subject) enters the subject header only through Jakarta Mail's encoder, after
 * line breaks are removed, so it can never add a header.
 */
public final class CoordinationComposer {

    private final TeamProfile profile;
    private final Session session = Session.getInstance(new Properties());

    public CoordinationComposer(TeamProfile profile) {
        this.profile = profile;
    }

    public OutgoingMail compose(String ticketId, String ticketTag, String reportSubject, TeamProfile.Partner partner,
                                List<TriageView.IndicatorScope> indicators, byte[] originalReport, Instant now) {
        String domain = profile.contact().email().substring(profile.contact().email().indexOf('@') + 1);
        String messageId = UUID.randomUUID() + "." + ticketId.replaceAll("[^A-Za-z0-9-]", "") + ".coordination@"
                + domain;
        String subject = ticketTag + " Coordination request: " + singleLine(reportSubject);
        try {
            MimeMessage mail = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            mail.setFrom(new InternetAddress(profile.contact().email(), profile.name(),
                    StandardCharsets.UTF_8.name()));
            mail.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(partner.address(), true));
            mail.setSubject(subject, StandardCharsets.UTF_8.name());
            mail.setSentDate(Date.from(now));
            mail.setHeader(AcknowledgementPolicy.LOOP_HEADER, profile.contact().email());
            MimeBodyPart note = new MimeBodyPart();
            note.setText(coverNote(ticketId, partner, indicators), StandardCharsets.UTF_8.name());
            MimeMultipart parts = new MimeMultipart("mixed");
            parts.addBodyPart(note);
            if (originalReport != null) {
                MimeBodyPart original = new MimeBodyPart();
                original.setDataHandler(new jakarta.activation.DataHandler(
                        new ByteArrayDataSource(originalReport, "message/rfc822")));
                original.setDisposition("attachment");
                original.setFileName("original-report.eml");
                parts.addBodyPart(original);
            }
            mail.setContent(parts);
            mail.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            mail.writeTo(bytes);
            return new OutgoingMail(messageId, partner.address(), bytes.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot compose the coordination forward for " + ticketId + ": "
                    + e.getMessage(), e);
        }
    }

    private String coverNote(String ticketId, TeamProfile.Partner partner,
                             List<TriageView.IndicatorScope> indicators) {
        StringBuilder text = new StringBuilder();
        text.append("Dear ").append(partner.name()).append(",\n\n")
                .append("we received the attached report (our ticket ").append(ticketId).append("). It concerns ")
                .append("networks or domains outside our constituency, which our records show as yours:\n\n");
        for (TriageView.IndicatorScope indicator : indicators) {
            if (partner.name().equals(indicator.partner())) {
                text.append("  ").append(indicator.type()).append("  ").append(indicator.value().replaceAll(
                        "[\\r\\n]", " ")).append("  (").append(indicator.matched()).append(")\n");
            }
        }
        text.append("\nThe original report is attached unchanged. Please keep the ticket ID in the subject when you ")
                .append("reply.\n\nBest regards,\n").append(profile.name()).append('\n')
                .append(profile.contact().email()).append('\n');
        return text.toString();
    }

    private static String singleLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t\\x00-\\x1f\\x7f]+", " ").strip();
    }
}
