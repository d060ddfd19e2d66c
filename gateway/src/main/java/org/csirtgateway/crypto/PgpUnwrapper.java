package org.csirtgateway.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.csirtgateway.crypto.CryptoStatus.SignatureResult;
import org.csirtgateway.reason.Finding;

/**
 * The crypto stage before parsing: turns a raw message into the MIME the parser should read plus what is known about
 * its protection.
 *
 * <ul>
 *   <li>PGP/MIME {@code multipart/encrypted} (RFC 3156 section 4): decrypted; the decrypted entity replaces the body,
 *       the outer headers stay (protected inner headers such as Subject win), so its attachments and forwarded mails
 *       are parsed like those of a plain report. Signatures inside the encrypted data and a {@code multipart/signed}
 *       inside are checked.</li>
 *   <li>PGP/MIME {@code multipart/signed} (section 5): checked on the exact bytes of the signed part, CRLF
 *       canonicalised; the message is parsed as it is. When the signed part is itself {@code multipart/encrypted}
 *       (a signature around the encrypted message, {@link SignedEncryption}), it is decrypted too.</li>
 *   <li>PGP/MIME that Microsoft Exchange rewrote into {@code multipart/mixed}: restored and decrypted when it is
 *       exactly Exchange's layout ({@link ExchangeRepair}).</li>
 *   <li>Inline PGP (armored blocks in text parts, .asc/.gpg/.pgp attachments) and attached public keys: see
 *       {@link InlinePgp}.</li>
 * </ul>
 *
 * <p>Never misleading: what could not be decrypted with integrity checked is not shown as the report; the message is
 * parsed as received and the status says why. Never throws for bad input.
 */
public final class PgpUnwrapper {

    private static final Set<String> OUTER_CONTENT_HEADERS = Set.of("content-type", "content-transfer-encoding",
            "content-disposition", "content-description", "content-id", "mime-version");

    private final PgpMessages messages;
    private final SmimeMessages smime;
    private final InlinePgp inline;

    public PgpUnwrapper(PgpMessages messages) {
        this(messages, new SmimeMessages(SmimeKeys.none(), messages.limits()));
    }

    /** Opens OpenPGP with {@code messages} and S/MIME with {@code smime}. */
    public PgpUnwrapper(PgpMessages messages, SmimeMessages smime) {
        this.messages = messages;
        this.smime = smime;
        this.inline = new InlinePgp(messages);
    }

    /**
     * @param mime       what the parser reads: the decrypted message, or the original; null when the message holds
     *                   no OpenPGP and the parser reads the original where it is kept
     *                   ({@link CryptoStage#unwrap(CryptoStage.RawSource, long)})
     * @param status     encryption and signature findings
     * @param publicKeys OpenPGP public key blocks attached to the message (application/pgp-keys and the like)
     * @param outerSubject the Subject as it travelled in clear (decoded), or null; differs from the parsed one when
     *                   the sender protected its headers (RFC 3156 protected headers, "memory hole")
     * @param whole      the protection of the message as a whole (PGP/MIME around its entire content), or
     *                   {@link CryptoStatus#PLAIN}
     * @param texts      text parts rewritten with inline decrypted or verified content, and their protected pieces
     * @param notes      what the analyst must know beside the badges: protected headers that differ from the outer
     *                   ones, an ambiguous sender
     */
    public record Unwrapped(byte[] mime, CryptoStatus status, List<byte[]> publicKeys, String outerSubject,
                            CryptoStatus whole, List<ProtectedText> texts, List<Finding> notes) {
        public Unwrapped {
            publicKeys = List.copyOf(publicKeys);
            whole = whole == null ? CryptoStatus.PLAIN : whole;
            texts = List.copyOf(texts);
            notes = List.copyOf(notes);
        }

        /** A message without OpenPGP protection of its content. */
        public Unwrapped(byte[] mime, CryptoStatus status, List<byte[]> publicKeys, String outerSubject) {
            this(mime, status, publicKeys, outerSubject, CryptoStatus.PLAIN, List.of(), List.of());
        }
    }

    public Unwrapped unwrap(byte[] raw) {
        List<Finding> notes = new ArrayList<>();
        List<String> senders = SenderHeaders.mailboxes(RawMime.parse(raw));
        if (senders.size() > 1) {
            notes.add(Finding.of("sender-ambiguous", String.join(", ", senders)));
        }
        Layer layer = unwrapLayer(raw, CryptoStatus.PLAIN, 0, notes);
        String outerSubject = outerSubject(raw);
        byte[] mime = layer.mime;
        CryptoStatus status = layer.status;
        List<ProtectedText> texts = new ArrayList<>();
        if (layer.status.equals(CryptoStatus.PLAIN)) {
            // Not PGP/MIME as a whole: PGP/MIME parts may still sit inside a wrapper (a provider's or a list's).
            NestedPgpMime.Result nested = NestedPgpMime.process(mime, messages, smime);
            mime = nested.mime() != null ? nested.mime() : mime;
            status = status.merge(nested.status());
            texts.addAll(nested.texts());
        }
        if (!InlinePgp.mayHoldPgp(mime)) {
            return new Unwrapped(mime, status, List.of(), outerSubject, layer.status, texts, notes);
        }
        InlinePgp.Result found = inline.process(mime);
        texts.addAll(found.texts());
        return new Unwrapped(found.rewritten() != null ? found.rewritten() : mime, status.merge(found.status()),
                found.publicKeys(), outerSubject, layer.status, texts, notes);
    }

    private static String outerSubject(byte[] raw) {
        String subject = RawMime.parse(raw).header("Subject");
        if (subject == null) {
            return null;
        }
        try {
            return org.apache.james.mime4j.codec.DecoderUtil.decodeEncodedWords(subject,
                    org.apache.james.mime4j.codec.DecodeMonitor.SILENT).strip();
        } catch (RuntimeException e) {
            return subject.strip();
        }
    }

    private record Layer(byte[] mime, CryptoStatus status) {
    }

    private Layer unwrapLayer(byte[] raw, CryptoStatus status, int depth, List<Finding> notes) {
        if (depth >= messages.limits().maxNesting()) {
            return new Layer(raw, status);
        }
        RawMime.Entity top = RawMime.parse(raw);
        RawMime.ContentType type = top.contentType();
        if (type.is("multipart/encrypted") && type.boundary() != null
                && (type.protocol() == null || type.protocolIs("application/pgp-encrypted"))) {
            return decrypt(raw, top, top, status, depth, notes);
        }
        if (type.is("multipart/signed") && type.boundary() != null && type.protocolIs("application/pgp-signature")) {
            SignatureResult signature = verify(top, type);
            CryptoStatus judged = status.merge(CryptoStatus.PLAIN.withSignature(signature));
            RawMime.Entity encrypted = SignedEncryption.encryptedSignedPart(top, type);
            return encrypted == null ? new Layer(withSignedSubject(raw, top, type, signature, notes), judged)
                    : decrypt(raw, top, encrypted, judged, depth, notes);
        }
        if (type.is("application/pkcs7-mime") || type.is("application/x-pkcs7-mime")) {
            return smimeLayer(raw, top, status, depth, notes);
        }
        if (type.is("multipart/signed") && type.boundary() != null
                && (type.protocolIs("application/pkcs7-signature") || type.protocolIs("application/x-pkcs7-signature"))) {
            SignatureResult signature = verifySmime(top, type);
            return new Layer(withSignedSubject(raw, top, type, signature, notes),
                    status.merge(CryptoStatus.PLAIN.withSignature(signature)));
        }
        byte[] repaired = depth == 0 ? ExchangeRepair.repair(raw) : null;
        if (repaired != null) {
            Layer layer = unwrapLayer(repaired, status, depth + 1, notes);
            return layer.status.encryption().equals(CryptoStatus.DECRYPTED)
                    ? new Layer(layer.mime, ExchangeRepair.noted(layer.status)) : new Layer(raw, layer.status);
        }
        return new Layer(raw, status);
    }

    /**
     * @param top       the message whose routing headers the decrypted entity gets
     * @param encrypted the multipart/encrypted entity: {@code top} itself, or the part a signature covers
     */
    private Layer decrypt(byte[] original, RawMime.Entity top, RawMime.Entity encrypted, CryptoStatus status,
                          int depth, List<Finding> notes) {
        List<byte[]> parts = RawMime.parts(encrypted.body(), encrypted.contentType().boundary());
        if (parts.size() < 2) {
            return new Layer(original, status.merge(CryptoStatus.PLAIN.withEncryption(CryptoStatus.FAILED,
                    Finding.of("encrypted-parts-missing"))));
        }
        byte[] ciphertext;
        try {
            ciphertext = RawMime.parse(parts.get(1)).decodedBody();
        } catch (IOException | RuntimeException e) {
            return new Layer(original, status.merge(CryptoStatus.PLAIN.withEncryption(CryptoStatus.FAILED,
                    Finding.of("encrypted-part-undecodable"))));
        }
        PgpMessages.Opened opened = messages.open(ciphertext);
        CryptoStatus found = CryptoStatus.PLAIN.withEncryption(opened.encryption(), opened.detail())
                .withSignature(opened.signature());
        if (!opened.readable()) {
            return new Layer(original, status.merge(found));
        }
        byte[] inner = withOuterHeaders(top, opened.plaintext(), notes);
        return unwrapLayer(inner, status.merge(found), depth + 1, notes);
    }

    /**
     * S/MIME {@code application/pkcs7-mime}: enveloped data is decrypted with a team certificate's key, opaque signed
     * data verified; either way the entity inside replaces the body (the outer routing headers stay, protected inner
     * headers win) and is unwrapped further (signed inside encrypted).
     */
    private Layer smimeLayer(byte[] original, RawMime.Entity top, CryptoStatus status, int depth,
                             List<Finding> notes) {
        byte[] der;
        try {
            der = top.decodedBody();
        } catch (IOException | RuntimeException e) {
            return new Layer(original, status.merge(CryptoStatus.PLAIN.withEncryption(CryptoStatus.FAILED,
                    Finding.of("encrypted-part-undecodable"))));
        }
        SmimeMessages.Opened opened = smime.open(der);
        CryptoStatus found = opened.found();
        if (opened.plaintext() == null) {
            return new Layer(original, status.merge(found));
        }
        byte[] inner = withOuterHeaders(top, opened.plaintext(), notes);
        return unwrapLayer(inner, status.merge(found), depth + 1, notes);
    }

    private SignatureResult verifySmime(RawMime.Entity top, RawMime.ContentType type) {
        return RawMime.detachedSignature(top, type, smime::verifyDetached);
    }

    private SignatureResult verify(RawMime.Entity top, RawMime.ContentType type) {
        return RawMime.detachedSignature(top, type, messages::verifyDetached);
    }

    /**
     * The decrypted entity with the outer message's routing headers (From, To, Date, Message-ID, ...) in front. The
     * entity's own non-content headers (RFC 3156 protected headers: Subject, From) replace the outer ones.
     */
    private static byte[] withOuterHeaders(RawMime.Entity outer, byte[] decrypted, List<Finding> notes) {
        byte[] entityBytes = RawMime.asEntity(decrypted);
        RawMime.Entity inner = RawMime.parse(entityBytes);
        notes.addAll(ProtectedHeaders.differences(outer, inner, true));
        Set<String> protectedNames = new java.util.HashSet<>();
        for (RawMime.HeaderField field : inner.fields()) {
            protectedNames.add(field.name().toLowerCase(Locale.ROOT));
        }
        StringBuilder header = new StringBuilder();
        for (RawMime.HeaderField field : outer.fields()) {
            String name = field.name().toLowerCase(Locale.ROOT);
            if (!OUTER_CONTENT_HEADERS.contains(name) && !protectedNames.contains(name)) {
                header.append(field.raw()).append("\r\n");
            }
        }
        header.append("MIME-Version: 1.0\r\n");
        for (RawMime.HeaderField field : inner.fields()) {
            if (!field.name().equalsIgnoreCase("mime-version")) {
                header.append(field.raw()).append("\r\n");
            }
        }
        header.append("\r\n");
        return RawMime.concat(header.toString().getBytes(StandardCharsets.ISO_8859_1), inner.body());
    }

    /**
     * A signed message whose signed part carries a protected Subject (RFC 9788) that differs from the outer one: the
     * differences become notes, and the message is shown with the signed Subject when the signature holds (the outer
     * one is what anyone on the way could have changed). The From and Date shown stay the outer ones (they route the
     * acknowledgement); the note says how they differ.
     */
    private static byte[] withSignedSubject(byte[] raw, RawMime.Entity top, RawMime.ContentType type,
                                            SignatureResult signature, List<Finding> notes) {
        List<byte[]> parts = RawMime.parts(top.body(), type.boundary());
        if (parts.isEmpty()) {
            return raw;
        }
        RawMime.Entity signed = RawMime.parse(parts.get(0));
        notes.addAll(ProtectedHeaders.differences(top, signed, false));
        String subject = null;
        for (RawMime.HeaderField field : signed.fields()) {
            if (field.name().equalsIgnoreCase("Subject")) {
                subject = field.raw();
                break;
            }
        }
        boolean holds = signature.state().equals(CryptoStatus.GOOD) || signature.state().equals(CryptoStatus.EXPIRED)
                || signature.state().equals(CryptoStatus.REVOKED);
        if (subject == null || !holds || ProtectedHeaders.decoded(RawMime.HeaderField.of(subject).value())
                .equals(top.header("Subject") == null ? null : ProtectedHeaders.decoded(top.header("Subject")))) {
            return raw;
        }
        StringBuilder header = new StringBuilder();
        boolean replaced = false;
        for (RawMime.HeaderField field : top.fields()) {
            if (field.name().equalsIgnoreCase("Subject")) {
                if (!replaced) {
                    header.append(subject).append("\r\n");
                    replaced = true;
                }
            } else {
                header.append(field.raw()).append("\r\n");
            }
        }
        if (!replaced) {
            header.append(subject).append("\r\n");
        }
        header.append("\r\n");
        return RawMime.concat(header.toString().getBytes(StandardCharsets.ISO_8859_1), top.body());
    }

}
