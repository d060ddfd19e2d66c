package org.csirtgateway.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
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
    private static final int MAX_WARNINGS = 50;

    /** Stateless: shared by every parse. */
    private static final SpoolingBodyFactory BODIES = new SpoolingBodyFactory();

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
        } finally {
            message.dispose(); // the report holds copies of what it needs; spooled part bodies are deleted
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
        DefaultMessageBuilder builder = new DefaultMessageBuilder() {
            @Override
            public Message parseMessage(InputStream in) throws IOException {
                return super.parseMessage(new HeaderEndInputStream(in));
            }
        };
        builder.setMimeEntityConfig(limits.mimeConfig());
        WarningMonitor monitor = new WarningMonitor(warnings);
        builder.setDecodeMonitor(monitor);
        builder.setBodyDescriptorBuilder(new HeaderLimits(limits, warnings, monitor));
        // Large part bodies go to temporary files instead of byte arrays: a message of any size is read with a
        // bounded heap.
        builder.setBodyFactory(BODIES);
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
            if (cause instanceof HeaderLimits.BlockTooLarge || cause instanceof MaxHeaderLengthLimitException) {
                return limits.exceeded("header block bytes", limits.maxHeaderBlockBytes(),
                        "a header block is larger");
            }
        }
        return new ParseException("The message cannot be read as MIME: " + e.getMessage(), e);
    }

    private ParsedReport report(Message message, List<String> warnings) {
        Mailbox sender = sender(message, warnings);
        java.util.Date date = safe(message::getDate, warnings, "Date");
        MessageWalk walk = new MessageWalk(limits, indicators, machineReports, this::builder, warnings,
                isXarf(message));
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

    /** X-ARF 0.2 and later say "X-ARF: YES"; X-ARF 0.1 and the 0.2 "PLAIN" variant say "X-XARF: PLAIN". */
    private static boolean isXarf(Message message) {
        String value = headerValue(message, "X-ARF");
        String plain = headerValue(message, "X-XARF");
        return value != null && value.strip().equalsIgnoreCase("yes")
                || plain != null && (plain.strip().equalsIgnoreCase("plain") || plain.strip().equalsIgnoreCase("yes"));
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
