package org.csirtgateway.ack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.csirtgateway.parse.ParsedReport;

/**
 * Writes the acknowledgement for a new ticket: the template in the report's language, the ticket tag in the subject,
 * RFC 3834 headers ({@code Auto-Submitted: auto-replied}, In-Reply-To, References) and our loop marker.
 *
 * <p>Reporter-controlled text (the subject) only ever enters header values through Jakarta Mail's encoder, after
 * line breaks are removed, so it can never add a header.
 */
public final class AcknowledgementComposer {

    // Compiled once (String.replaceAll compiles its pattern on every call).
    private static final java.util.regex.Pattern NOT_IN_MESSAGE_ID_LOCAL_PART =
            java.util.regex.Pattern.compile("[^A-Za-z0-9-]");
    private static final java.util.regex.Pattern NOT_IN_BRACKETED_ID =
            java.util.regex.Pattern.compile("[\\s<>\\p{Cntrl}]");
    private static final java.util.regex.Pattern LINE_BREAKS_AND_CONTROLS =
            java.util.regex.Pattern.compile("[\\r\\n\\t\\x00-\\x1f\\x7f]+");

    private final TeamIdentity team;
    private final AcknowledgementTemplates templates;
    private final Session session = Session.getInstance(new Properties());

    public AcknowledgementComposer(TeamIdentity team, AcknowledgementTemplates templates) {
        this.team = team;
        this.templates = templates;
    }

    public OutgoingMail compose(String ticketId, String ticketTag, ParsedReport report, Instant now) {
        return compose(ticketId, ticketTag, report, now, "");
    }

    /**
     * The acknowledgement of a report found to duplicate the existing ticket {@code duplicateOf}: the
     * template's {@code {{#duplicateOf}}} section names it. Empty {@code duplicateOf}: a plain acknowledgement.
     */
    public OutgoingMail compose(String ticketId, String ticketTag, ParsedReport report, Instant now,
                                String duplicateOf) {
        String language = Languages.detect(report.subject() + "\n" + report.bodyText(), templates.defaultLanguage());
        AcknowledgementTemplates.Template template = templates.forLanguage(language);
        String originalSubject = singleLine(report.subject());
        Map<String, String> values = Map.of("ticketId", ticketId, "subject", originalSubject,
                "teamName", team.name(), "teamAddress", team.address(),
                "teamKeyFingerprint", team.keyFingerprint(), "teamContactUrl", team.contactUrl(),
                "duplicateOf", duplicateOf == null ? "" : duplicateOf);
        String subject = singleLine(template.renderSubject(values));
        if (!subject.contains(ticketTag)) {
            subject = ticketTag + " " + subject;
        }
        String messageId = UUID.randomUUID() + "." + NOT_IN_MESSAGE_ID_LOCAL_PART.matcher(ticketId).replaceAll("")
                + "@" + team.domain();
        try {
            MimeMessage mail = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            mail.setFrom(new InternetAddress(team.address(), team.name(), StandardCharsets.UTF_8.name()));
            mail.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(report.fromAddress(), true));
            mail.setSubject(subject, StandardCharsets.UTF_8.name());
            mail.setSentDate(Date.from(now));
            mail.setText(template.renderBody(values), StandardCharsets.UTF_8.name());
            mail.setHeader("Auto-Submitted", "auto-replied");
            mail.setHeader(AcknowledgementPolicy.LOOP_HEADER, team.address());
            mail.setHeader("X-Auto-Response-Suppress", "All");
            mail.setHeader("Content-Language", template.language());
            if (report.messageId() != null) {
                mail.setHeader("In-Reply-To", bracketed(report.messageId()));
                mail.setHeader("References", references(report));
            }
            mail.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            mail.writeTo(bytes);
            return new OutgoingMail(messageId, report.fromAddress(), bytes.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot compose the acknowledgement for " + ticketId + ": "
                    + e.getMessage(), e);
        }
    }

    private static String references(ParsedReport report) {
        List<String> ids = new ArrayList<>(report.references());
        ids.add(report.messageId());
        StringBuilder value = new StringBuilder();
        for (String id : ids.subList(Math.max(0, ids.size() - 20), ids.size())) {
            if (value.length() > 0) {
                value.append("\r\n ");
            }
            value.append(bracketed(id));
        }
        return value.toString();
    }

    /** A reporter-controlled message ID as {@code <id>}, without whitespace or line breaks that could end a header. */
    private static String bracketed(String id) {
        return '<' + NOT_IN_BRACKETED_ID.matcher(id).replaceAll("") + '>';
    }

    /** Removes line breaks and control characters so text can sit in one header line. */
    static String singleLine(String text) {
        String cleaned = LINE_BREAKS_AND_CONTROLS.matcher(text).replaceAll(" ").strip();
        try {
            // Fold long subjects safely; the encoder never lets text end a header.
            return MimeUtility.unfold(cleaned);
        } catch (RuntimeException e) {
            return cleaned;
        }
    }
}
