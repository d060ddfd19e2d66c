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

    /**
     * The same mail, built but not sent: for handing straight to a mailbox as the final MTA would, keeping headers
     * such as {@code Return-Path: <>} that GreenMail's SMTP server would otherwise replace with the envelope sender.
     */
    public static MimeMessage build(String from, String to, String subject, String body, String messageId,
                                    Map<String, String> headers) {
        return message(Session.getInstance(new Properties()), from, to, subject, body, messageId, headers);
    }

    /**
     * Sends {@code raw} over SMTP exactly as given (only dot-stuffed), the way a mail server relays a message: for
     * messages whose bytes matter (charsets, encodings, MIME structure) and that a mail API would rewrite.
     */
    public static void sendRaw(int smtpPort, String from, String to, byte[] raw) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", smtpPort)) {
            socket.setSoTimeout(10_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), StandardCharsets.US_ASCII));
            java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream());
            expect(in, "220");
            command(out, in, "EHLO reporter.example", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
            if (!text.endsWith("\r\n")) {
                text += "\r\n";
            }
            text = text.replace("\r\n.", "\r\n..");
            if (text.startsWith(".")) {
                text = "." + text;
            }
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            command(out, in, ".", "250");
            command(out, in, "QUIT", "221");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Raw test mail could not be sent: " + e.getMessage(), e);
        }
    }

    private static void command(java.io.OutputStream out, java.io.BufferedReader in, String line, String code)
            throws java.io.IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, code);
    }

    private static void expect(java.io.BufferedReader in, String code) throws java.io.IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new java.io.IOException("SMTP server answered '" + line + "', expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }
}
