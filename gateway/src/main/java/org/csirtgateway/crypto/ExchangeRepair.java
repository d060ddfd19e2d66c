package org.csirtgateway.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.csirtgateway.reason.Finding;

/**
 * PGP/MIME as Microsoft Exchange delivers it: Exchange rewrites a {@code multipart/encrypted} message (RFC 3156
 * section 4) into {@code multipart/mixed}, sometimes with an empty text part in front, so it is no longer recognised
 * as encrypted. This restores the original layout so that it can be decrypted.
 *
 * <p>Only exactly the layout Exchange produces is repaired: a top-level {@code multipart/mixed} holding an optional
 * whitespace-only {@code text/plain} part, then the {@code application/pgp-encrypted} part (its "Version: 1"), then the
 * {@code application/octet-stream} ciphertext, and nothing else. Anything more (text of its own, another part, another
 * order) is a message someone composed around an encrypted part, possibly an attacker's wrapper around another
 * person's ciphertext: repairing it would present the wrapper's message as that person's encrypted report, so it is
 * left as it is.
 */
final class ExchangeRepair {

    /** The note recorded in place of the decryption's own detail when the repaired message was decrypted. */
    static final String REPAIRED = "exchange-repaired";

    private ExchangeRepair() {
    }

    /**
     * The message as the sender's client built it ({@code multipart/encrypted}, the outer headers otherwise as they
     * came), or null when {@code raw} is not exactly the layout Exchange produces.
     */
    static byte[] repair(byte[] raw) {
        RawMime.Entity top = RawMime.parse(raw);
        RawMime.ContentType type = top.contentType();
        if (!type.is("multipart/mixed") || type.boundary() == null || type.boundary().isEmpty()
                || type.boundary().contains("\"")) {
            return null;
        }
        List<byte[]> parts = RawMime.parts(top.body(), type.boundary());
        int first;
        if (parts.size() == 3 && isEmptyText(parts.get(0))) {
            first = 1;
        } else if (parts.size() == 2) {
            first = 0;
        } else {
            return null;
        }
        byte[] version = parts.get(first);
        byte[] ciphertext = parts.get(first + 1);
        if (!isVersionPart(version) || !RawMime.parse(ciphertext).contentType().is("application/octet-stream")) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        for (RawMime.HeaderField field : top.fields()) {
            String name = field.name().toLowerCase(Locale.ROOT);
            if (!name.equals("content-type") && !name.equals("content-transfer-encoding")) {
                header.append(field.raw()).append("\r\n");
            }
        }
        String boundary = type.boundary();
        header.append("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"")
                .append(boundary).append("\"\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(version);
        out.writeBytes(("\r\n--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(ciphertext);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * The status of a repaired message: when it was decrypted, the detail says so (the decryption's own detail, its
     * key's fingerprint and user ID, stays in the parameters); otherwise the status as it is.
     */
    static CryptoStatus noted(CryptoStatus status) {
        if (!status.encryption().equals(CryptoStatus.DECRYPTED)) {
            return status;
        }
        Finding decrypted = status.encryptionDetail();
        return status.withEncryption(CryptoStatus.DECRYPTED,
                Finding.of(REPAIRED, decrypted.param(0), decrypted.param(1), decrypted.code()));
    }

    /** Exchange's added part: text/plain (or no Content-Type at all) holding nothing but whitespace. */
    private static boolean isEmptyText(byte[] part) {
        RawMime.Entity entity = RawMime.parse(part);
        if (!entity.contentType().is("text/plain")) {
            return false;
        }
        try {
            return new String(entity.decodedBody(), StandardCharsets.ISO_8859_1).replace('\u00A0', ' ').isBlank();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** RFC 3156's control part: application/pgp-encrypted with "Version: 1". */
    private static boolean isVersionPart(byte[] part) {
        RawMime.Entity entity = RawMime.parse(part);
        if (!entity.contentType().is("application/pgp-encrypted")) {
            return false;
        }
        try {
            return new String(entity.decodedBody(), StandardCharsets.ISO_8859_1).contains("Version: 1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
