package org.csirtgateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Sends real mail over SMTP to the test server, the way a reporter's mail client would. */
public final class Mails {

    private Mails() {
    }

    public static void send(int smtpPort, String from, String to, String subject, String body, String messageId,
                            Map<String, String> headers) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        try {
            Transport.send(message(Session.getInstance(props), from, to, subject, body, messageId, headers));
        } catch (MessagingException e) {
            throw new IllegalStateException("Test mail could not be sent: " + e.getMessage(), e);
        }
    }

    /** The raw bytes of a report as a mail client would write them (for IMAP APPEND or direct delivery). */
    public static byte[] raw(String from, String to, String subject, String body, String messageId) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            message(Session.getInstance(new Properties()), from, to, subject, body, messageId, Map.of()).writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report as a mail client would build it. */
    public static MimeMessage message(Session session, String from, String to, String subject, String body,
                                      String messageId, Map<String, String> headers) {
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    if (messageId != null) {
                        setHeader("Message-ID", "<" + messageId + ">");
                    } else {
                        super.updateMessageID();
                    }
                }
            };
            message.setFrom(new InternetAddress(from));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.setText(body, StandardCharsets.UTF_8.name());
            for (Map.Entry<String, String> header : headers.entrySet()) {
                message.setHeader(header.getKey(), header.getValue());
            }
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException("Test mail could not be built: " + e.getMessage(), e);
        }
    }
}
