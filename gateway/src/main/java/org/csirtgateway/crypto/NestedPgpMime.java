package org.csirtgateway.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.csirtgateway.crypto.CryptoStatus.SignatureResult;

/**
 * PGP/MIME and S/MIME parts below the top level: a {@code multipart/encrypted} or {@code multipart/signed} inside a
 * {@code multipart/mixed} that a mail provider, a mailing list (its footer) or a forwarder put around it. Each is
 * opened on its exact bytes like a top-level one: an encrypted part is replaced by what it decrypts to, a signed
 * part is verified over its first part. Its text is recorded as a protected piece of its own, so the wrapper's text
 * around it shows as clear text and is never merged into the protected report. Forwarded messages
 * ({@code message/rfc822}) are evidence, not the report: their protection is not looked into here.
 */
final class NestedPgpMime {

    private final PgpMessages messages;
    private final SmimeMessages smime;
    private CryptoStatus status = CryptoStatus.PLAIN;
    private final List<ProtectedText> texts = new ArrayList<>();
    private boolean changed;

    private NestedPgpMime(PgpMessages messages, SmimeMessages smime) {
        this.messages = messages;
        this.smime = smime;
    }

    /**
     * @param mime   the message with encrypted parts replaced by their decrypted entities, or null when unchanged
     * @param status the findings of every nested part, merged
     * @param texts  the protected parts' texts
     */
    record Result(byte[] mime, CryptoStatus status, List<ProtectedText> texts) {
    }

    /**
     * Opens the PGP/MIME and S/MIME parts nested in a {@code multipart/*} message (not a top-level protected one).
     */
    static Result process(byte[] raw, PgpMessages messages, SmimeMessages smime) {
        NestedPgpMime walk = new NestedPgpMime(messages, smime);
        byte[] rewritten = walk.entity(raw, 0);
        return new Result(walk.changed ? rewritten : null, walk.status, walk.texts);
    }

    private byte[] entity(byte[] bytes, int depth) {
        if (depth > messages.limits().maxNesting() + 8) {
            return bytes;
        }
        RawMime.Entity entity = RawMime.parse(bytes);
        RawMime.ContentType type = entity.contentType();
        if (depth > 0 && (type.is("application/pkcs7-mime") || type.is("application/x-pkcs7-mime"))) {
            return smimeOpened(bytes, entity);
        }
        if (type.boundary() == null || !type.mimeType().startsWith("multipart/")) {
            return bytes;
        }
        if (depth > 0 && type.is("multipart/signed") && (type.protocolIs("application/pkcs7-signature")
                || type.protocolIs("application/x-pkcs7-signature"))) {
            verify(entity, type, smime::verifyDetached);
            return bytes;
        }
        if (depth > 0 && type.is("multipart/encrypted")
                && (type.protocol() == null || type.protocolIs("application/pgp-encrypted"))) {
            return decrypted(bytes, entity, type);
        }
        if (depth > 0 && type.is("multipart/signed") && type.protocolIs("application/pgp-signature")) {
            verify(entity, type, messages::verifyDetached);
            return bytes;
        }
        List<byte[]> parts = RawMime.parts(entity.body(), type.boundary());
        List<byte[]> rewritten = new ArrayList<>(parts.size());
        boolean any = false;
        for (byte[] part : parts) {
            byte[] after = entity(part, depth + 1);
            any |= after != part;
            rewritten.add(after);
        }
        return any ? multipart(entity, type.boundary(), rewritten) : bytes;
    }

    /** An S/MIME part (enveloped or opaque signed data) replaced by the entity it carries, when it opens. */
    private byte[] smimeOpened(byte[] bytes, RawMime.Entity entity) {
        byte[] der;
        try {
            der = entity.decodedBody();
        } catch (IOException | RuntimeException e) {
            record(CryptoStatus.PLAIN.withEncryption(CryptoStatus.FAILED,
                    org.csirtgateway.reason.Finding.of("encrypted-part-undecodable")));
            return bytes;
        }
        SmimeMessages.Opened opened = smime.open(der);
        CryptoStatus found = opened.found();
        if (opened.plaintext() != null && found.wasEncrypted()) {
            // Signed, then encrypted (the usual S/MIME order): the signature inside judges the same text.
            RawMime.Entity inner = RawMime.parse(opened.plaintext());
            RawMime.ContentType innerType = inner.contentType();
            if (innerType.is("multipart/signed") && innerType.boundary() != null) {
                found = found.withSignature(RawMime.detachedSignature(inner, innerType, smime::verifyDetached));
            }
        }
        record(found);
        if (opened.plaintext() == null) {
            return bytes;
        }
        collectTexts(opened.plaintext(), found, 0);
        changed = true;
        return opened.plaintext();
    }

    private byte[] decrypted(byte[] bytes, RawMime.Entity entity, RawMime.ContentType type) {
        List<byte[]> parts = RawMime.parts(entity.body(), type.boundary());
        if (parts.size() < 2) {
            record(CryptoStatus.PLAIN.withEncryption(CryptoStatus.FAILED,
                    org.csirtgateway.reason.Finding.of("encrypted-parts-missing")));
            return bytes;
        }
        byte[] ciphertext;
        try {
            ciphertext = RawMime.parse(parts.get(1)).decodedBody();
        } catch (IOException | RuntimeException e) {
            record(CryptoStatus.PLAIN.withEncryption(CryptoStatus.FAILED,
                    org.csirtgateway.reason.Finding.of("encrypted-part-undecodable")));
            return bytes;
        }
        PgpMessages.Opened opened = messages.open(ciphertext);
        CryptoStatus found = CryptoStatus.PLAIN.withEncryption(opened.encryption(), opened.detail())
                .withSignature(opened.signature());
        record(found);
        if (!opened.readable()) {
            return bytes;
        }
        byte[] inner = RawMime.asEntity(opened.plaintext());
        collectTexts(inner, found, 0);
        changed = true;
        return inner;
    }

    private void verify(RawMime.Entity entity, RawMime.ContentType type,
                        java.util.function.BiFunction<byte[], byte[], SignatureResult> verifier) {
        CryptoStatus found = CryptoStatus.PLAIN.withSignature(RawMime.detachedSignature(entity, type, verifier));
        record(found);
        List<byte[]> parts = RawMime.parts(entity.body(), type.boundary());
        if (!parts.isEmpty()) {
            collectTexts(parts.get(0), found, 0);
        }
    }

    /** The readable text leaves of a protected entity, each recorded as protected whole. */
    private void collectTexts(byte[] bytes, CryptoStatus protection, int depth) {
        if (depth > 16) {
            return;
        }
        RawMime.Entity entity = RawMime.parse(bytes);
        RawMime.ContentType type = entity.contentType();
        if (type.mimeType().startsWith("multipart/") && type.boundary() != null) {
            for (byte[] part : RawMime.parts(entity.body(), type.boundary())) {
                collectTexts(part, protection, depth + 1);
            }
            return;
        }
        String disposition = entity.header("Content-Disposition");
        boolean attachment = disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("attachment");
        if (attachment || !(type.is("text/plain") || type.is("text/html"))) {
            return;
        }
        String text;
        try {
            text = new String(entity.decodedBody(), charset(entity));
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (type.is("text/html")) {
            text = org.csirtgateway.parse.HtmlText.toPlainText(text);
        }
        text = text.replace("\r\n", "\n");
        if (!text.isBlank()) {
            texts.add(new ProtectedText(text, List.of(new ProtectedText.Piece(0, text.length(), protection))));
        }
    }

    private void record(CryptoStatus found) {
        status = status.merge(found);
    }

    private static Charset charset(RawMime.Entity entity) {
        String type = entity.header("Content-Type");
        if (type != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)")
                    .matcher(type);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The multipart entity with its parts replaced (preamble and epilogue are dropped: they are not the report). */
    private static byte[] multipart(RawMime.Entity entity, String boundary, List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(entity.header());
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] delimiter = ("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] part : parts) {
            out.writeBytes(delimiter);
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
