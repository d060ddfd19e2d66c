package org.csirtgateway.ticket;

import java.util.List;

import org.csirtgateway.reason.Finding;

/**
 * The OpenPGP status of one message as the crypto stage recorded it.
 *
 * @param encryption        none | decrypted | failed
 * @param encryptionDetail  with which team key, or exactly why it could not be decrypted (a reason as data)
 * @param signature         none | good | bad | unknown-key | expired | revoked
 * @param signerFingerprint the signing certificate's fingerprint, or null
 * @param signerUserId      the signer's user ID (reporter-controlled text), or null
 * @param signatureDetail   who signed and what the check found (a reason as data)
 * @param notes             findings beside the badges: partially encrypted or signed, ambiguous sender, signer not
 *                          the sender, protected headers that differ, a signature far from the mail's Date
 * @param parts             the protected spans of the body text, in order; the rest of the text travelled in clear
 */
public record MessageCrypto(String encryption, Finding encryptionDetail, String signature, String signerFingerprint,
                            String signerUserId, Finding signatureDetail, List<Finding> notes, List<Span> parts) {

    /** Messages taken in before the crypto stage existed. */
    public static final MessageCrypto NOT_CHECKED = new MessageCrypto("none", Finding.NONE, "none", null, null,
            Finding.NONE, List.of(), List.of());

    public MessageCrypto {
        notes = List.copyOf(notes);
        parts = List.copyOf(parts);
    }

    /**
     * One span of the body text, {@code [start, end)}: protected (its encryption and signature), or not.
     *
     * @param encryption none | decrypted
     * @param signature  none | good | bad | unknown-key | expired | revoked
     */
    public record Span(int start, int end, boolean isProtected, String encryption, Finding encryptionDetail,
                       String signature, String signerUserId, Finding signatureDetail) {

        static Span clear(int start, int end) {
            return new Span(start, end, false, "none", Finding.NONE, "none", null, Finding.NONE);
        }
    }

    /** Whether a note with this code was found (e.g. "partially-encrypted", "sender-ambiguous"). */
    public boolean has(String code) {
        return notes.stream().anyMatch(note -> note.code().equals(code));
    }

    /**
     * The whole body text cut into spans: the protected ones as recorded, and the clear text between and around them.
     * Empty when the message has no protected span and nothing of it was protected only in part (nothing to tell
     * apart); all of the text one clear span when the protection was elsewhere (an encrypted or signed attachment).
     */
    public List<Span> spansOf(String bodyText) {
        if (bodyText == null || (parts.isEmpty() && !has("partially-encrypted") && !has("partially-signed"))) {
            return List.of();
        }
        List<Span> spans = new java.util.ArrayList<>();
        int at = 0;
        for (Span part : parts) {
            int start = Math.max(at, Math.min(part.start(), bodyText.length()));
            int end = Math.max(start, Math.min(part.end(), bodyText.length()));
            if (start > at) {
                spans.add(Span.clear(at, start));
            }
            if (end > start) {
                spans.add(new Span(start, end, true, part.encryption(), part.encryptionDetail(), part.signature(),
                        part.signerUserId(), part.signatureDetail()));
            }
            at = end;
        }
        if (at < bodyText.length()) {
            spans.add(Span.clear(at, bodyText.length()));
        }
        return spans;
    }

    public boolean encrypted() {
        return !"none".equals(encryption);
    }

    public boolean signed() {
        return !"none".equals(signature);
    }
}
