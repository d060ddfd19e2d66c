package org.csirtgateway.parse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Reads a raw message with Mime4j into a {@link ParsedReport}: decoded headers, the readable text, forwarded
 * messages' text, attachment names. Tolerable defects become warnings; only an unreadable stream fails.
 */
public final class ReportParser {

    /** Headers that tell robots, lists and loops apart from people; kept for the acknowledgement policy. */
    private static final Set<String> ROBOT_HEADERS = Set.of("auto-submitted", "precedence", "list-id",
            "list-unsubscribe", "x-loop", "x-csirt-gateway-loop", "x-auto-response-suppress", "x-autoreply",
            "x-autorespond");

    /** How deep forwarded messages and multiparts are followed before the rest is left in the archive. */
    private static final int MAX_DEPTH = 10;

    public ParsedReport parse(InputStream raw) throws ParseException {
        List<String> warnings = new ArrayList<>();
        Message message;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            builder.setDecodeMonitor(new WarningMonitor(warnings));
            message = builder.parseMessage(raw);
        } catch (IOException | RuntimeException e) {
            throw new ParseException("The message cannot be read as MIME: " + e.getMessage(), e);
        }

        MailboxList from = safe(message::getFrom, warnings, "From");
        Mailbox sender = from == null || from.isEmpty() ? null : from.get(0);
        if (sender == null) {
            warnings.add("No readable From address");
        }
        java.util.Date date = safe(message::getDate, warnings, "Date");
        StringBuilder text = new StringBuilder();
        List<String> attachments = new ArrayList<>();
        collectText(message.getBody(), text, attachments, warnings, 0);

        return new ParsedReport(
                MessageIds.strip(headerValue(message, "Message-ID")),
                MessageIds.parseList(headerValue(message, "In-Reply-To")),
                MessageIds.parseList(headerValue(message, "References")),
                orEmpty(safe(message::getSubject, warnings, "Subject")).strip(),
                sender == null ? null : sender.getAddress().toLowerCase(Locale.ROOT),
                sender == null ? null : sender.getName(),
                returnPath(message),
                date == null ? null : date.toInstant(),
                text.toString().strip(),
                attachments,
                robotHeaders(message),
                warnings);
    }

    private void collectText(Body body, StringBuilder text, List<String> attachments, List<String> warnings,
                             int depth) {
        if (depth > MAX_DEPTH) {
            warnings.add("MIME nesting deeper than " + MAX_DEPTH + " levels; the rest is only in the raw original");
            return;
        }
        if (body instanceof Message forwarded) {
            appendForwarded(forwarded, text, attachments, warnings, depth);
        } else if (body instanceof Multipart multipart) {
            collectMultipart(multipart, text, attachments, warnings, depth);
        } else if (body instanceof SingleBody single) {
            Entity entity = single.getParent();
            String mimeType = entity == null ? "text/plain" : entity.getMimeType();
            String charset = entity == null ? null : entity.getCharset();
            if (mimeType.equals("text/plain") || mimeType.equals("text/html")) {
                String decoded = TextDecoder.decode(readAll(single, warnings), charset, warnings);
                append(text, mimeType.equals("text/html") ? HtmlText.toPlainText(decoded) : decoded);
            }
        }
    }

    private void collectMultipart(Multipart multipart, StringBuilder text, List<String> attachments,
                                  List<String> warnings, int depth) {
        boolean alternative = "alternative".equalsIgnoreCase(multipart.getSubType());
        List<Entity> parts = multipart.getBodyParts();
        if (alternative) {
            // Prefer the plain text alternative; fall back to the last (richest) one.
            Entity chosen = parts.stream().filter(p -> "text/plain".equals(p.getMimeType())).findFirst()
                    .orElse(parts.isEmpty() ? null : parts.get(parts.size() - 1));
            if (chosen != null) {
                collectText(chosen.getBody(), text, attachments, warnings, depth + 1);
            }
            return;
        }
        // An HTML part is read when no text came before it (e.g. the HTML root of multipart/related after an inline
        // image); after a text part it is usually the same text again.
        boolean textSeen = false;
        for (Entity part : parts) {
            boolean attachment = "attachment".equalsIgnoreCase(part.getDispositionType()) || part.getFilename() != null;
            boolean textual = part.getMimeType().startsWith("text/") || part.getMimeType().startsWith("multipart/")
                    || part.getBody() instanceof Message;
            if (attachment && !(part.getBody() instanceof Message)) {
                attachments.add(part.getFilename() != null ? part.getFilename() : part.getMimeType());
            } else if (textual && (!textSeen || !part.getMimeType().equals("text/html"))) {
                collectText(part.getBody(), text, attachments, warnings, depth + 1);
                textSeen = true;
            } else if (!textual) {
                attachments.add(part.getMimeType());
            }
        }
    }

    private void appendForwarded(Message forwarded, StringBuilder text, List<String> attachments,
                                 List<String> warnings, int depth) {
        MailboxList from = safe(forwarded::getFrom, warnings, "forwarded From");
        StringBuilder header = new StringBuilder("---------- Forwarded message ----------\n");
        if (from != null && !from.isEmpty()) {
            // The display name matters: in a forwarded phish it is often the lie ("Bank Support" <x@phish.example>).
            Mailbox mailbox = from.get(0);
            String name = mailbox.getName();
            header.append("From: ").append(name == null || name.isBlank() ? mailbox.getAddress()
                    : name + " <" + mailbox.getAddress() + ">").append('\n');
        }
        header.append("Subject: ").append(orEmpty(safe(forwarded::getSubject, warnings, "forwarded Subject")));
        append(text, header.toString());
        collectText(forwarded.getBody(), text, attachments, warnings, depth + 1);
    }

    private static void append(StringBuilder text, String part) {
        if (part.isBlank()) {
            return;
        }
        if (text.length() > 0) {
            text.append("\n\n");
        }
        text.append(part.strip());
    }

    private static byte[] readAll(SingleBody body, List<String> warnings) {
        try (InputStream in = body.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            warnings.add("Part could not be decoded completely: " + e.getMessage());
            return new byte[0];
        }
    }

    private static String returnPath(Message message) {
        String value = headerValue(message, "Return-Path");
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.equals("<>")) {
            return "";
        }
        return MessageIds.strip(stripped).toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> robotHeaders(Message message) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Field field : message.getHeader().getFields()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (ROBOT_HEADERS.contains(name) && !found.containsKey(name)) {
                found.put(name, orEmpty(field.getBody()).strip());
            }
        }
        return found;
    }

    private static String headerValue(Message message, String name) {
        Field field = message.getHeader().getField(name);
        return field == null ? null : field.getBody();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static <T> T safe(java.util.function.Supplier<T> getter, List<String> warnings, String what) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            warnings.add(what + " header cannot be parsed: " + e.getMessage());
            return null;
        }
    }

    /** Records Mime4j's tolerated defects as parse warnings instead of failing the message. */
    private static final class WarningMonitor extends DecodeMonitor {
        private static final int MAX_WARNINGS = 50;
        private final List<String> warnings;

        WarningMonitor(List<String> warnings) {
            this.warnings = warnings;
        }

        @Override
        public boolean warn(String error, String dummy) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(error);
            }
            return false;
        }

        @Override
        public boolean isListening() {
            return true;
        }
    }
}
