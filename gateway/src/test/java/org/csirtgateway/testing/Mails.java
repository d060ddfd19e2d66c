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
        Session session = Session.getInstance(props);
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
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("Test mail could not be sent: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a message exactly as given (no re-encoding, no header rewriting): what signed and encrypted mail needs,
     * since a changed byte breaks a signature.
     */
    public static void sendRaw(int smtpPort, String from, String to, byte[] mime) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        props.put("mail.smtp.from", from);
        Session session = Session.getInstance(props);
        try {
            MimeMessage message = new MimeMessage(session, new java.io.ByteArrayInputStream(mime));
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("Test mail could not be sent: " + e.getMessage(), e);
        }
    }
}
