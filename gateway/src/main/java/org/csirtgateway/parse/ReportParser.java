package org.csirtgateway.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.csirtgateway.indicator.Indicator;
import org.csirtgateway.indicator.IndicatorExtractor;

/**
 * Reads a raw message with Mime4j, within {@link IntakeLimits}, into a {@link ParsedReport}: decoded headers, the
 * report's own readable text, forwarded messages as {@link Evidence}, attachments, machine-readable report fields and
 * indicators. Tolerable defects become warnings; a message that breaks a hard limit or cannot be read as MIME at all
 * fails with a {@link ParseException} whose message says why.
 */
public final class ReportParser {

    /** Headers that tell robots, lists and loops apart from people; kept for the acknowledgement policy. */
    private static final Set<String> ROBOT_HEADERS = Set.of("auto-submitted", "precedence", "list-id",
            "list-unsubscribe", "x-loop", "x-csirt-gateway-loop", "x-auto-response-suppress", "x-autoreply",
            "x-autorespond");
    /** Headers of forwarded evidence searched for indicators (Message-ID and signatures would only add noise). */
    private static final List<String> EVIDENCE_INDICATOR_HEADERS = List.of("Received", "From", "Sender", "Reply-To",
            "Return-Path", "X-Originating-IP", "X-Sender-IP", "X-Originating-Email", "Authentication-Results");
    private static final int MAX_WARNINGS = 50;

    private final IntakeLimits limits;
    private final IndicatorExtractor indicators;
    private final MachineReports machineReports = new MachineReports();

    /** Default limits, no allowlist. */
    public ReportParser() {
        this(IntakeLimits.DEFAULT, IndicatorExtractor.withoutAllowlist());
    }

    public ReportParser(IntakeLimits limits, IndicatorExtractor indicators) {
        this.limits = limits;
        this.indicators = indicators;
    }

    public IntakeLimits limits() {
        return limits;
    }

    public ParsedReport parse(InputStream raw) throws ParseException {
        List<String> warnings = new Warnings();
        Message message = read(withoutByteOrderMark(new BoundedInputStream(raw, limits.maxMessageBytes())), warnings);
        try {
            return report(message, warnings);
        } catch (StackOverflowError e) {
            throw new ParseException("The message is nested too deeply to be read", null);
        }
    }

    private Message read(InputStream in, List<String> warnings) throws ParseException {
        try {
            return builder(warnings).parseMessage(in);
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        } catch (StackOverflowError e) {
            throw new ParseException("The message is nested too deeply to be read as MIME", null);
        }
    }

    /** Some Windows tools save mail with a UTF-8 byte order mark, which would hide the first header's name. */
    private static InputStream withoutByteOrderMark(InputStream in) throws ParseException {
        java.io.PushbackInputStream pushback = new java.io.PushbackInputStream(in, 3);
        try {
            byte[] head = pushback.readNBytes(3);
            boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                    && (head[2] & 0xFF) == 0xBF;
            if (!bom) {
                pushback.unread(head);
            }
            return pushback;
        } catch (IOException e) {
            throw new ParseException("The message cannot be read: " + e.getMessage(), e);
        }
    }

    private DefaultMessageBuilder builder(List<String> warnings) {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(limits.mimeConfig());
        builder.setDecodeMonitor(new WarningMonitor(warnings));
        return builder;
    }

    private ParseException failure(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedInputStream.TooLarge) {
                return limits.exceeded("message bytes", limits.maxMessageBytes(), "the message is larger");
            }
            if (cause instanceof MaxHeaderLimitException) {
                return limits.exceeded("header count", limits.maxHeaderCount(),
                        "a header block has more fields");
            }
            if (cause instanceof MaxHeaderLengthLimitException) {
                return limits.exceeded("header size", limits.maxHeaderBytes(), "a header field is longer");
            }
        }
        return new ParseException("The message cannot be read as MIME: " + e.getMessage(), e);
    }

    private ParsedReport report(Message message, List<String> warnings) {
        Mailbox sender = sender(message, warnings);
        java.util.Date date = safe(message::getDate, warnings, "Date");
        Walk walk = new Walk(warnings, isXarf(message));
        String text = walk.messageText(message, 0, 0);
        List<Indicator> found = walk.indicators(text);
        List<String> attachmentNames = walk.attachments.stream().filter(a -> a.evidencePosition() == 0)
                .map(a -> a.filename().isEmpty() ? a.declaredType() : a.filename()).toList();
        String subject = HeaderText.value(message, "Subject");
        return new ParsedReport(
                MessageIds.strip(headerValue(message, "Message-ID")),
                MessageIds.parseList(headerValue(message, "In-Reply-To")),
                MessageIds.parseList(headerValue(message, "References")),
                subject == null ? "" : subject,
                sender == null ? null : sender.getAddress().toLowerCase(Locale.ROOT),
                sender == null ? null : sender.getName(),
                returnPath(message),
                date == null ? null : date.toInstant(),
                text,
                attachmentNames,
                robotHeaders(message),
                warnings,
                new ReportDetails(walk.evidence, walk.attachments, walk.fields, found));
    }

    private static Mailbox sender(Message message, List<String> warnings) {
        Mailbox sender = null;
        try {
            sender = HeaderText.firstMailbox(message, "From");
        } catch (RuntimeException e) {
            warnings.add("From header cannot be parsed: " + e.getMessage());
        }
        if (sender == null) {
            MailboxList from = safe(message::getFrom, warnings, "From");
            sender = from == null || from.isEmpty() ? null : from.get(0);
        }
        if (sender == null) {
            warnings.add("No readable From address");
        }
        return sender;
    }

    private static boolean isXarf(Message message) {
        String value = headerValue(message, "X-ARF");
        return value != null && value.strip().equalsIgnoreCase("yes");
    }

    /** One walk over a message tree; collects evidence, attachments, fields and warnings as it goes. */
    private final class Walk {
        final List<String> warnings;
        final boolean xarf;
        final List<Evidence> evidence = new ArrayList<>();
        final List<Attachment> attachments = new ArrayList<>();
        final List<ReportField> fields = new ArrayList<>();
        final Map<Integer, String> evidenceHeaders = new LinkedHashMap<>();
        /** Evidence position -> nesting level, known before its own evidence is complete. */
        final Map<Integer, Integer> levels = new LinkedHashMap<>();
        int parts;
        boolean depthWarned;
        boolean partsWarned;

        Walk(List<String> warnings, boolean xarf) {
            this.warnings = warnings;
            this.xarf = xarf;
        }

        /** The own text of a message (the report or a forwarded one); nested messages become evidence. */
        String messageText(Message message, int depth, int evidencePosition) {
            StringBuilder text = new StringBuilder();
            entity(message, text, depth, evidencePosition);
            return text.toString().strip();
        }

        void entity(Entity entity, StringBuilder text, int depth, int evidencePosition) {
            if (depth > limits.maxMimeDepth()) {
                if (!depthWarned) {
                    warnings.add("Intake limit 'MIME depth' (" + limits.maxMimeDepth() + ") reached: deeper parts "
                            + "are only in the raw original");
                    depthWarned = true;
                }
                return;
            }
            if (++parts > limits.maxParts()) {
                if (!partsWarned) {
                    warnings.add("Intake limit 'part count' (" + limits.maxParts() + ") reached: further parts are "
                            + "only in the raw original");
                    partsWarned = true;
                }
                return;
            }
            Body body = entity.getBody();
            if (body instanceof Message forwarded && entity != forwarded) {
                evidence(forwarded, depth + 1, evidencePosition, null);
            } else if (body instanceof Multipart multipart) {
                multipart(multipart, text, depth, evidencePosition);
            } else if (body instanceof SingleBody single) {
                single(entity, single, text, depth, evidencePosition);
            }
        }

        void multipart(Multipart multipart, StringBuilder text, int depth, int evidencePosition) {
            List<Entity> parts = multipart.getBodyParts();
            if ("alternative".equalsIgnoreCase(multipart.getSubType())) {
                // Prefer the plain text alternative; fall back to the last (richest) one.
                Entity chosen = parts.stream().filter(p -> "text/plain".equals(p.getMimeType())).findFirst()
                        .orElse(parts.isEmpty() ? null : parts.get(parts.size() - 1));
                if (chosen != null) {
                    entity(chosen, text, depth + 1, evidencePosition);
                }
                return;
            }
            for (Entity part : parts) {
                entity(part, text, depth + 1, evidencePosition);
            }
        }

        void single(Entity entity, SingleBody body, StringBuilder text, int depth, int evidencePosition) {
            String type = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
            switch (type) {
                case "message/feedback-report" -> {
                    fields.addAll(machineReports.headerBlock(ReportField.ARF, decode(entity, read(body))));
                    return;
                }
                case "message/delivery-status", "message/global-delivery-status" -> {
                    fields.addAll(machineReports.headerBlock(ReportField.DSN, decode(entity, read(body))));
                    return;
                }
                case "text/rfc822-headers", "message/rfc822-headers" -> {
                    parseEvidence(read(body), depth, evidencePosition, "headers");
                    return;
                }
                default -> {
                }
            }
            String filename = filename(entity);
            boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType()) || !filename.isEmpty()
                    || !type.startsWith("text/");
            if (!attachment) {
                String decoded = decode(entity, read(body));
                if (type.equals("text/html")) {
                    decoded = HtmlText.toPlainText(decoded);
                } else if (type.equals("text/plain")) {
                    xarfFields(entity, decoded, filename);
                }
                append(text, decoded);
                return;
            }
            attachment(entity, body, type, filename, depth, evidencePosition);
        }

        void attachment(Entity entity, SingleBody body, String type, String filename, int depth,
                        int evidencePosition) {
            Content content = content(body);
            String detected = content.bytes == null ? "application/octet-stream" : FileTypes.detect(content.bytes);
            String text = null;
            if (content.bytes != null && FileTypes.isText(filename, type, detected)) {
                text = decode(entity, content.bytes);
                if (detected.equals("text/html") || type.equals("text/html")) {
                    text = HtmlText.toPlainText(text);
                }
                xarfFields(entity, text, filename);
            } else if (content.bytes != null && (type.equals("application/json")
                    || FileTypes.extension(filename).equals("json"))) {
                xarfFields(entity, decode(entity, content.bytes), filename);
            }
            if (content.bytes == null) {
                warnings.add("Intake limit 'attachment bytes' (" + limits.maxAttachmentBytes() + ") exceeded by "
                        + (filename.isEmpty() ? type : filename) + " (" + content.size
                        + " bytes): kept only in the raw original");
            }
            attachments.add(new Attachment(evidencePosition, filename, type, detected, content.size, content.sha256,
                    content.bytes, text));
            if (content.bytes != null && detected.equals("message/rfc822")) {
                parseEvidence(content.bytes, depth, evidencePosition, "attached message");
            }
        }

        void xarfFields(Entity entity, String text, String filename) {
            List<ReportField> found = machineReports.xarfJson(text, warnings);
            if (found.isEmpty() && xarf && (filename.equalsIgnoreCase("report.txt")
                    || text.stripLeading().startsWith("---") || text.contains("Reported-From:"))
                    && !fields.stream().anyMatch(f -> f.format().equals(ReportField.XARF))) {
                found = machineReports.xarfYaml(text, warnings);
            }
            fields.addAll(found);
        }

        /** An attached .eml or text/rfc822-headers part, read as a message of its own. */
        void parseEvidence(byte[] bytes, int depth, int evidencePosition, String what) {
            try {
                Message nested = builder(warnings).parseMessage(new ByteArrayInputStream(bytes));
                evidence(nested, depth + 1, evidencePosition, what);
            } catch (IOException | RuntimeException e) {
                warnings.add("Forwarded " + what + " cannot be read: " + e.getMessage());
            }
        }

        void evidence(Message forwarded, int depth, int parentPosition, String what) {
            int position = evidence.size() + 1;
            evidence.add(null);
            int level = parentPosition == 0 ? 1 : levels.getOrDefault(parentPosition, 0) + 1;
            levels.put(position, level);
            String body = messageText(forwarded, depth, position);
            java.util.Date date = safe(forwarded::getDate, warnings, "forwarded Date");
            Mailbox from = null;
            try {
                from = HeaderText.firstMailbox(forwarded, "From");
            } catch (RuntimeException e) {
                warnings.add("Forwarded From header cannot be parsed: " + e.getMessage());
            }
            List<String> received = HeaderText.values(forwarded, "Received");
            evidence.set(position - 1, new Evidence(position, parentPosition, level,
                    MessageIds.strip(headerValue(forwarded, "Message-ID")),
                    from == null ? HeaderText.value(forwarded, "From") : display(from),
                    HeaderText.value(forwarded, "To"), HeaderText.value(forwarded, "Subject"),
                    HeaderText.value(forwarded, "Date"), date == null ? null : date.toInstant(), received, body));
            StringBuilder headers = new StringBuilder();
            for (String name : EVIDENCE_INDICATOR_HEADERS) {
                for (String value : HeaderText.values(forwarded, name)) {
                    headers.append(name).append(": ").append(value).append('\n');
                }
            }
            evidenceHeaders.put(position, headers.toString());
        }

        List<Indicator> indicators(String text) {
            boolean longText = text.length() > IndicatorExtractor.MAX_TEXT
                    || evidence.stream().anyMatch(e -> e.bodyText().length() > IndicatorExtractor.MAX_TEXT)
                    || attachments.stream().anyMatch(a -> a.text() != null
                            && a.text().length() > IndicatorExtractor.MAX_TEXT);
            if (longText) {
                warnings.add("Indicators are taken from the first " + IndicatorExtractor.MAX_TEXT + " characters of "
                        + "each text; longer texts are searchable but not scanned to the end");
            }
            Set<Indicator> found = new LinkedHashSet<>(indicators.extract(text, "body"));
            for (Evidence e : evidence) {
                found.addAll(indicators.extract(evidenceHeaders.get(e.position()), "evidence " + e.position()
                        + " headers"));
                found.addAll(indicators.extract(e.bodyText(), "evidence " + e.position()));
            }
            for (Attachment a : attachments) {
                if (a.text() != null) {
                    found.addAll(indicators.extract(a.text(), "attachment " + a.filename()));
                }
            }
            StringBuilder fieldText = new StringBuilder();
            fields.forEach(f -> fieldText.append(f.value()).append('\n'));
            found.addAll(indicators.extract(fieldText.toString(), "report fields"));
            List<Indicator> result = new ArrayList<>(found);
            if (result.size() > IndicatorExtractor.MAX_PER_MESSAGE) {
                warnings.add("More than " + IndicatorExtractor.MAX_PER_MESSAGE + " indicators; the rest are not "
                        + "listed");
                return result.subList(0, IndicatorExtractor.MAX_PER_MESSAGE);
            }
            return result;
        }

        String decode(Entity entity, byte[] bytes) {
            return TextDecoder.decode(bytes, entity.getCharset(), warnings);
        }

        byte[] read(SingleBody body) {
            Content content = content(body);
            if (content.bytes == null) {
                warnings.add("A text part is larger than " + limits.maxAttachmentBytes()
                        + " bytes; only its beginning is shown");
                return content.head;
            }
            return content.bytes;
        }

        /** Reads a part's decoded bytes, hashing all and keeping them up to the attachment limit. */
        Content content(SingleBody body) {
            MessageDigest digest = sha256();
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            long size = 0;
            byte[] head = null;
            try (InputStream in = body.getInputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    size += n;
                    if (size <= limits.maxAttachmentBytes()) {
                        kept.write(buffer, 0, n);
                    } else if (head == null) {
                        head = kept.toByteArray();
                        kept = null;
                        break;
                    }
                }
                if (kept == null) {
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                        size += n;
                    }
                }
            } catch (IOException e) {
                warnings.add("Part could not be decoded completely: " + e.getMessage());
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            return kept == null ? new Content(null, head, size, sha) : new Content(kept.toByteArray(), null, size, sha);
        }
    }

    private record Content(byte[] bytes, byte[] head, long size, String sha256) {
    }

    /** The attachment's name: Content-Disposition filename (RFC 2231 / 2047 decoded), else Content-Type name. */
    private static String filename(Entity entity) {
        String name = null;
        try {
            name = entity.getFilename();
            if (name == null && entity.getHeader().getField("Content-Type") instanceof ContentTypeField type) {
                name = type.getParameter("name");
            }
        } catch (RuntimeException e) {
            name = null;
        }
        if (name == null) {
            return "";
        }
        name = rawUtf8(name);
        if (name.contains("=?")) {
            try {
                name = DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
            } catch (IllegalArgumentException ignored) {
                // keep the name as written
            }
        }
        return FileTypes.sanitise(name);
    }

    /** Mime4j reads raw header bytes as Latin-1; a raw UTF-8 file name (RFC 6532) is read again as UTF-8. */
    private static String rawUtf8(String value) {
        boolean latin1 = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            latin1 |= c >= 0x80;
        }
        if (!latin1) {
            return value;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return value;
        }
    }

    private static String display(Mailbox mailbox) {
        String address = mailbox.getAddress();
        return mailbox.getName() == null || mailbox.getName().isBlank() ? address
                : mailbox.getName() + " <" + address + ">";
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

    private static String returnPath(Message message) {
        String value = headerValue(message, "Return-Path");
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.equals("<>")) {
            return "";
        }
        String address = MessageIds.strip(stripped);
        return address == null ? null : address.toLowerCase(Locale.ROOT);
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

    private static String headerValue(Entity entity, String name) {
        Field field = entity.getHeader().getField(name);
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Parse warnings, at most {@link #MAX_WARNINGS}; the same warning is recorded once. */
    private static final class Warnings extends ArrayList<String> {
        @Override
        public boolean add(String warning) {
            if (size() >= MAX_WARNINGS || contains(warning)) {
                return false;
            }
            return super.add(warning);
        }
    }

    /** Records Mime4j's tolerated defects as parse warnings instead of failing the message. */
    private static final class WarningMonitor extends DecodeMonitor {
        private final List<String> warnings;

        WarningMonitor(List<String> warnings) {
            this.warnings = warnings;
        }

        @Override
        public boolean warn(String error, String dummy) {
            warnings.add(error);
            return false;
        }

        @Override
        public boolean isListening() {
            return true;
        }
    }
}
