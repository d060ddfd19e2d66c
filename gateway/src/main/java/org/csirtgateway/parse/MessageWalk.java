package org.csirtgateway.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.csirtgateway.indicator.Indicator;
import org.csirtgateway.indicator.IndicatorExtractor;

/**
 * One walk over a parsed message tree, within the intake limits: the report's own text, forwarded messages as
 * {@link Evidence}, attachments, machine-readable report fields, and the indicators in all of them. Collects as it goes;
 * tolerated defects and reached limits become warnings.
 */
final class MessageWalk {

    /** Headers of forwarded evidence searched for indicators (Message-ID and signatures would only add noise). */
    private static final List<String> EVIDENCE_INDICATOR_HEADERS = List.of("Received", "From", "Sender", "Reply-To",
            "Return-Path", "X-Originating-IP", "X-Sender-IP", "X-Originating-Email", "Authentication-Results");

    private final IntakeLimits limits;
    private final IndicatorExtractor indicators;
    private final MachineReports machineReports;
    private final Function<List<String>, DefaultMessageBuilder> builders;
    private final List<String> warnings;
    private final boolean xarf;
    final List<Evidence> evidence = new ArrayList<>();
    final List<Attachment> attachments = new ArrayList<>();
    final List<ReportField> fields = new ArrayList<>();
    private final Map<Integer, String> evidenceHeaders = new LinkedHashMap<>();
    /** Evidence position -> nesting level, known before its own evidence is complete. */
    private final Map<Integer, Integer> levels = new LinkedHashMap<>();
    private int parts;
    private boolean depthWarned;
    private boolean partsWarned;

    MessageWalk(IntakeLimits limits, IndicatorExtractor indicators, MachineReports machineReports,
                Function<List<String>, DefaultMessageBuilder> builders, List<String> warnings, boolean xarf) {
        this.limits = limits;
        this.indicators = indicators;
        this.machineReports = machineReports;
        this.builders = builders;
        this.warnings = warnings;
        this.xarf = xarf;
    }

    /** The own text of a message (the report or a forwarded one); nested messages become evidence. */
    String messageText(Message message, int depth, int evidencePosition) {
        StringBuilder text = new StringBuilder();
        entity(message, text, depth, evidencePosition);
        return text.toString().strip();
    }

    private void entity(Entity entity, StringBuilder text, int depth, int evidencePosition) {
        entity(entity, text, depth, evidencePosition, false);
    }

    /**
     * @param filesOnly true inside an alternative that is not shown: its readable text is another version of the
     *                  words already read, but its files (inline images of an HTML version, attached documents) are
     *                  nowhere else, so they still become attachments
     */
    private void entity(Entity entity, StringBuilder text, int depth, int evidencePosition, boolean filesOnly) {
        if (!withinLimits(depth)) {
            return;
        }
        Body body = entity.getBody();
        if (body instanceof Message forwarded && entity != forwarded) {
            evidence(forwarded, depth + 1, evidencePosition, null);
        } else if (body instanceof Multipart multipart) {
            multipart(multipart, text, depth, evidencePosition, filesOnly);
        } else if (body instanceof SingleBody single) {
            single(entity, single, text, depth, evidencePosition, filesOnly);
        }
    }

    /** Counts one more part at this depth; false (with one warning per limit) when it is beyond the limits. */
    private boolean withinLimits(int depth) {
        if (depth > limits.maxMimeDepth()) {
            if (!depthWarned) {
                warnings.add("Intake limit 'MIME depth' (" + limits.maxMimeDepth() + ") reached: deeper parts "
                        + "are only in the raw original");
                depthWarned = true;
            }
            return false;
        }
        if (++parts > limits.maxParts()) {
            if (!partsWarned) {
                warnings.add("Intake limit 'part count' (" + limits.maxParts() + ") reached: further parts are "
                        + "only in the raw original");
                partsWarned = true;
            }
            return false;
        }
        return true;
    }

    private void multipart(Multipart multipart, StringBuilder text, int depth, int evidencePosition,
                           boolean filesOnly) {
        List<Entity> parts = multipart.getBodyParts();
        if ("alternative".equalsIgnoreCase(multipart.getSubType())) {
            // The shown version is walked first, so that the part limit never leaves the text out for the files of
            // another version.
            Entity chosen = filesOnly ? null : chooseAlternative(parts, evidencePosition);
            if (chosen != null) {
                entity(chosen, text, depth + 1, evidencePosition, false);
            }
            for (Entity part : parts) {
                if (part != chosen) {
                    entity(part, text, depth + 1, evidencePosition, true);
                }
            }
            return;
        }
        // An inline HTML part after text already read here is not more of the report's own words: it is either the
        // same text again (mailers that send both versions as multipart/mixed) or a saved page. It is kept as an
        // attachment (listed, hashed, its text searchable and scanned for indicators) instead of being appended.
        int ownTextBefore = text.length();
        for (Entity part : parts) {
            if (!filesOnly && text.length() > ownTextBefore && "text/html".equalsIgnoreCase(part.getMimeType())
                    && part.getBody() instanceof SingleBody single) {
                if (withinLimits(depth + 1)) {
                    attachment(part, single, "text/html", filename(part), depth + 1, evidencePosition);
                }
            } else {
                entity(part, text, depth + 1, evidencePosition, filesOnly);
            }
        }
    }

    /** Phrases of the plain-text alternative that only says the message is in HTML. */
    private static final List<String> STUB_PHRASES = List.of("this message is in html format",
            "this is an html message", "this is an html email", "this is an html-formatted",
            "does not support html", "doesn't support html", "html-capable", "html capable", "html compatible",
            "html-compatible", "view this message in a browser", "view this email in your browser");

    /** A plain-text alternative longer than this is a real text even when it contains a stub phrase. */
    private static final int STUB_MAX_CHARS = 400;

    /**
     * The alternative whose text is shown. The plain-text one is preferred (it is what the sender wrote, without
     * markup), unless it is a stub or much shorter than the HTML one's text: then the report's words, indicators and
     * markers would be only in the HTML. The HTML alternative is shown when the plain one is empty, or is a short
     * text saying the message is in HTML, or when the HTML's text is more than twice as long as the plain text and
     * at least 200 characters longer (signatures and link targets alone do not make that difference). A warning
     * says so. Without a plain-text alternative, the last (richest) one is shown.
     */
    private Entity chooseAlternative(List<Entity> parts, int evidencePosition) {
        if (parts.isEmpty()) {
            return null;
        }
        Entity plain = parts.stream().filter(p -> "text/plain".equals(p.getMimeType())
                && p.getBody() instanceof SingleBody && !isAttachment(p, "text/plain")).findFirst().orElse(null);
        if (plain == null) {
            return parts.get(parts.size() - 1);
        }
        Entity html = null;
        Entity htmlBranch = null;
        for (int i = parts.size() - 1; i >= 0 && html == null; i--) {
            if (parts.get(i) != plain) {
                html = inlineHtml(parts.get(i), 0);
                htmlBranch = parts.get(i);
            }
        }
        if (html == null) {
            return plain;
        }
        List<String> ignored = new ArrayList<>(); // the shown part is decoded again, and warned about, when walked
        String plainText = decode(plain, read((SingleBody) plain.getBody(), ignored), ignored).strip();
        byte[] htmlBytes = read((SingleBody) html.getBody(), ignored);
        if (plainText.length() > STUB_MAX_CHARS && htmlBytes.length <= 2 * plainText.length()) {
            // An HTML document's text is never longer than its bytes: the plain version stays, without parsing it.
            return plain;
        }
        String htmlText = HtmlText.toPlainText(decode(html, htmlBytes, ignored));
        if (htmlText.isBlank()) {
            return plain;
        }
        String whose = evidencePosition == 0 ? "the report" : "forwarded message " + evidencePosition;
        String reason;
        if (plainText.isEmpty()) {
            reason = "its plain-text version is empty";
        } else if (plainText.length() <= STUB_MAX_CHARS && STUB_PHRASES.stream()
                .anyMatch(plainText.toLowerCase(Locale.ROOT)::contains)) {
            reason = "its plain-text version only says the message is in HTML";
        } else if (htmlText.length() > 2 * plainText.length() && htmlText.length() >= plainText.length() + 200) {
            reason = "its plain-text version is much shorter (" + plainText.length() + " characters against "
                    + htmlText.length() + ")";
        } else {
            return plain;
        }
        warnings.add("The HTML version of " + whose + " is shown, as text: " + reason);
        return htmlBranch;
    }

    /** The first inline HTML part of an alternative (itself, or the root of its multipart/related or mixed). */
    private static Entity inlineHtml(Entity entity, int depth) {
        if (depth > 4) {
            return null;
        }
        if (entity.getBody() instanceof SingleBody && "text/html".equals(entity.getMimeType())
                && !isAttachment(entity, "text/html")) {
            return entity;
        }
        if (entity.getBody() instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                Entity found = inlineHtml(part, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A part kept as a file rather than read as the message's text. */
    private static boolean isAttachment(Entity entity, String type) {
        return "attachment".equalsIgnoreCase(entity.getDispositionType()) || !filename(entity).isEmpty()
                || !type.startsWith("text/");
    }

    private void single(Entity entity, SingleBody body, StringBuilder text, int depth, int evidencePosition,
                        boolean filesOnly) {
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
                byte[] headers = read(body);
                parseEvidence(() -> new ByteArrayInputStream(headers), depth, evidencePosition, "headers");
                return;
            }
            default -> {
            }
        }
        String filename = filename(entity);
        boolean attachment = isAttachment(entity, type);
        if (!attachment && filesOnly) {
            return; // another version of the text already read
        }
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

    private void attachment(Entity entity, SingleBody body, String type, String filename, int depth,
                    int evidencePosition) {
        Content content = content(body);
        AttachmentContent stored = content.stored;
        String detected = stored == null ? "application/octet-stream" : FileTypes.detect(content.head);
        String text = null;
        if (stored != null && FileTypes.isText(filename, type, detected)) {
            boolean html = detected.equals("text/html") || type.equals("text/html");
            text = decode(entity, textOf(stored, filename.isEmpty() ? type : filename), html, warnings);
            if (html) {
                text = HtmlText.toPlainText(text);
            }
            xarfFields(entity, text, filename);
        } else if (stored != null && (type.equals("application/json")
                || FileTypes.extension(filename).equals("json"))) {
            xarfFields(entity, decode(entity, textOf(stored, filename.isEmpty() ? type : filename)), filename);
        }
        if (stored == null) {
            warnings.add("Intake limit 'attachment bytes' (" + limits.maxAttachmentBytes() + ") exceeded by "
                    + (filename.isEmpty() ? type : filename) + " (" + content.size
                    + " bytes): kept only in the raw original");
        }
        attachments.add(new Attachment(evidencePosition, filename, type, detected, content.size, content.sha256,
                stored, text));
        if (stored != null && detected.equals("message/rfc822")) {
            parseEvidence(stored::open, depth, evidencePosition, "attached message");
        }
    }

    /** The first {@code maxTextBytes} of an attachment, to be read as text; a warning says when there is more. */
    private byte[] textOf(AttachmentContent content, String name) {
        try (InputStream in = content.open()) {
            byte[] head = in.readNBytes(limits.maxTextBytes());
            if (content.size() > head.length) {
                warnings.add("Intake limit 'text bytes' (" + limits.maxTextBytes() + ") reached: only the beginning "
                        + "of " + name + " (" + content.size() + " bytes) is searchable; the whole of it is kept");
            }
            return head;
        } catch (IOException e) {
            warnings.add("Attachment " + name + " could not be read as text; it is not searchable");
            return new byte[0];
        }
    }

    private void xarfFields(Entity entity, String text, String filename) {
        List<ReportField> found = machineReports.xarfJson(text, warnings);
        if (found.isEmpty() && xarf && (filename.equalsIgnoreCase("report.txt")
                || text.stripLeading().startsWith("---") || text.contains("Reported-From:"))
                && !fields.stream().anyMatch(f -> f.format().equals(ReportField.XARF))) {
            found = machineReports.xarfYaml(text, warnings);
        }
        fields.addAll(found);
    }

    /** Opens a part's bytes again. */
    @FunctionalInterface
    private interface Source {
        InputStream open() throws IOException;
    }

    /** An attached .eml or text/rfc822-headers part, read as a message of its own. */
    private void parseEvidence(Source bytes, int depth, int evidencePosition, String what) {
        Message nested = null;
        try (InputStream in = bytes.open()) {
            nested = builders.apply(warnings).parseMessage(in);
            evidence(nested, depth + 1, evidencePosition, what);
        } catch (IOException | RuntimeException e) {
            warnings.add("Forwarded " + what + " cannot be read: " + e.getMessage());
        } finally {
            if (nested != null) {
                nested.dispose(); // what the walk needs is copied out; spooled parts are deleted
            }
        }
    }

    private void evidence(Message forwarded, int depth, int parentPosition, String what) {
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

    private String decode(Entity entity, byte[] bytes) {
        return decode(entity, bytes, warnings);
    }

    private static String decode(Entity entity, byte[] bytes, List<String> warnings) {
        return decode(entity, bytes, "text/html".equals(entity.getMimeType()), warnings);
    }

    /**
     * A part's text in its MIME charset; an HTML document without one is read in the charset its own
     * {@code <meta>} declares, before any guessing.
     */
    private static String decode(Entity entity, byte[] bytes, boolean html, List<String> warnings) {
        String charset = entity.getHeader().getField("Content-Type") instanceof ContentTypeField type
                ? type.getCharset() : null;
        if ((charset == null || charset.isBlank()) && html) {
            charset = HtmlText.metaCharset(bytes);
        }
        return TextDecoder.decode(bytes, charset, warnings);
    }

    /** A part read as text: its first {@code maxTextBytes} decoded bytes (a warning says when there is more). */
    private byte[] read(SingleBody body) {
        return read(body, warnings);
    }

    private byte[] read(SingleBody body, List<String> warnings) {
        try (InputStream in = body.getInputStream()) {
            byte[] head = in.readNBytes(limits.maxTextBytes());
            if (in.read() >= 0) {
                warnings.add("A text part is larger than " + limits.maxTextBytes()
                        + " bytes; only its beginning is shown");
            }
            return head;
        } catch (IOException e) {
            warnings.add("A text part could not be read to its end (broken transfer encoding or storage); its "
                    + "text is left out, the raw original has it");
            return new byte[0];
        }
    }

    /** Bytes of an attachment's beginning looked at to tell its type. */
    private static final int HEAD_BYTES = 8192;

    /**
     * Streams a part's decoded bytes once: hashing all of them, keeping them (in memory when small, else in a
     * temporary file) up to the attachment limit, and its first bytes for telling the type.
     */
    private Content content(SingleBody body) {
        MessageDigest digest = sha256();
        ContentSpool spool = new ContentSpool(limits.maxAttachmentBytes());
        byte[] head = new byte[HEAD_BYTES];
        int headLength = 0;
        long size = 0;
        try (InputStream in = body.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                if (headLength < HEAD_BYTES) {
                    int take = Math.min(n, HEAD_BYTES - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                spool.write(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            warnings.add("An attachment could not be read to its end (broken transfer encoding or storage); its "
                    + "hash and download cover only the bytes read, the raw original has all of it");
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        return new Content(spool.finish(), java.util.Arrays.copyOf(head, headLength), size, sha);
    }

    /**
     * @param stored the decoded bytes up to the attachment limit, or null when over it
     * @param head   the first decoded bytes, to tell the type
     */
    private record Content(AttachmentContent stored, byte[] head, long size, String sha256) {
    }

    /** The attachment's name: Content-Disposition filename (RFC 2231 segments joined, then RFC 2047 decoded), else Content-Type name. */
    private static String filename(Entity entity) {
        String name = null;
        try {
            name = FileNameParameter.of(entity, "Content-Disposition", "filename");
            if (name == null) {
                name = FileNameParameter.of(entity, "Content-Type", "name");
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String headerValue(Entity entity, String name) {
        Field field = entity.getHeader().getField(name);
        return field == null ? null : field.getBody();
    }

    private static <T> T safe(java.util.function.Supplier<T> getter, List<String> warnings, String what) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            warnings.add(what + " header cannot be parsed: " + e.getMessage());
            return null;
        }
    }
}
