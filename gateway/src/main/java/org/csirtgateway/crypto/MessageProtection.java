package org.csirtgateway.crypto;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.csirtgateway.reason.Finding;

/**
 * Which spans of the text an analyst reads were protected, and how; and what the badges must add: that only part of
 * the message was encrypted or signed, that the sender is ambiguous, that the signer is not the sender, that protected
 * headers differ from the outer ones, that the signature was made long before or after the mail's Date.
 *
 * <p>The spans are offsets into the parsed body text. Text outside them travelled in clear: an attacker in transit, a
 * forwarder or a mailing list could have written it, so it is never shown as part of the protected report.
 *
 * @param parts the protected spans, in order of the text
 * @param notes findings for the message as a whole
 */
public record MessageProtection(List<Part> parts, List<Finding> notes) {

    /** How far the signature's own time may lie from the mail's Date before the analyst is told. */
    static final Duration SIGNATURE_DATE_TOLERANCE = Duration.ofDays(7);

    public static final MessageProtection NONE = new MessageProtection(List.of(), List.of());

    public MessageProtection {
        parts = List.copyOf(parts);
        notes = List.copyOf(notes);
    }

    /** One protected span of the body text: {@code [start, end)}, and its encryption and signature. */
    public record Part(int start, int end, CryptoStatus protection) {
    }

    /** Whether a note with this code was found. */
    public boolean has(String code) {
        return notes.stream().anyMatch(note -> note.code().equals(code));
    }

    /**
     * Works out the protection of a parsed message.
     *
     * @param unwrapped        what the crypto stage found before parsing
     * @param bodyText         the body text the analyst reads
     * @param fromAddress      the sender's address as parsed
     * @param sentAt           the mail's Date, or null
     * @param signerAddresses  the e-mail addresses in the user IDs of the certificate with the given fingerprint
     *                         (lower case; empty when unknown)
     */
    public static MessageProtection of(PgpUnwrapper.Unwrapped unwrapped, String bodyText, String fromAddress,
                                       Instant sentAt, Function<String, Set<String>> signerAddresses) {
        String body = bodyText == null ? "" : bodyText;
        List<Part> parts = new ArrayList<>();
        boolean clearTextUnplaced = false;
        CryptoStatus whole = unwrapped.whole();
        if (protects(whole)) {
            parts.add(new Part(0, body.length(), whole));
        } else {
            for (ProtectedText text : unwrapped.texts()) {
                String stripped = text.text().strip();
                int lead = leadingWhitespace(text.text());
                int at = stripped.isEmpty() ? -1 : firstFree(body, stripped, parts);
                if (at < 0) {
                    clearTextUnplaced |= text.hasClearText();
                    continue;
                }
                for (ProtectedText.Piece piece : text.pieces()) {
                    int start = clamp(at + piece.start() - lead, at, at + stripped.length());
                    int end = clamp(at + piece.end() - lead, start, at + stripped.length());
                    if (end > start) {
                        parts.add(new Part(start, end, piece.protection()));
                    }
                }
            }
            parts.sort(java.util.Comparator.comparingInt(Part::start));
        }
        Set<Finding> notes = new LinkedHashSet<>(unwrapped.notes());
        CryptoStatus found = unwrapped.status();
        if (partial(parts, body, p -> p.encryption().equals(CryptoStatus.DECRYPTED), clearTextUnplaced,
                found.encryption().equals(CryptoStatus.DECRYPTED))) {
            notes.add(Finding.of("partially-encrypted"));
        }
        if (partial(parts, body, p -> !p.signature().equals(CryptoStatus.NONE), clearTextUnplaced,
                !found.signature().equals(CryptoStatus.NONE))) {
            notes.add(Finding.of("partially-signed"));
        }
        List<CryptoStatus> signatures = new ArrayList<>();
        parts.forEach(part -> signatures.add(part.protection()));
        signatures.add(unwrapped.status());
        for (CryptoStatus signature : signatures) {
            signerNotes(signature, fromAddress, sentAt, signerAddresses, notes);
        }
        return new MessageProtection(parts, new ArrayList<>(notes));
    }

    private static boolean protects(CryptoStatus status) {
        return status.encryption().equals(CryptoStatus.DECRYPTED) || !status.signature().equals(CryptoStatus.NONE);
    }

    /**
     * Some of the message is protected in this way ({@code foundInMessage}: by a span of the text, or by a part that
     * is no text, such as an encrypted attachment), and some of its text, more than white space, is not.
     */
    private static boolean partial(List<Part> parts, String body, Function<CryptoStatus, Boolean> kind,
                                   boolean clearTextUnplaced, boolean foundInMessage) {
        List<Part> covered = parts.stream().filter(part -> kind.apply(part.protection())).toList();
        if (covered.isEmpty()) {
            return foundInMessage && !body.isBlank();
        }
        if (clearTextUnplaced) {
            return true;
        }
        int at = 0;
        for (Part part : covered) {
            if (part.start() > at && !body.substring(at, part.start()).isBlank()) {
                return true;
            }
            at = Math.max(at, part.end());
        }
        return at < body.length() && !body.substring(at).isBlank();
    }

    private static void signerNotes(CryptoStatus status, String fromAddress, Instant sentAt,
                                    Function<String, Set<String>> signerAddresses, Set<Finding> notes) {
        boolean checked = status.signature().equals(CryptoStatus.GOOD)
                || status.signature().equals(CryptoStatus.EXPIRED) || status.signature().equals(CryptoStatus.REVOKED);
        if (!checked || status.signerFingerprint() == null) {
            return;
        }
        String from = fromAddress == null ? "" : fromAddress.strip().toLowerCase(Locale.ROOT);
        Set<String> addresses = new java.util.HashSet<>(signerAddresses.apply(status.signerFingerprint()));
        if (addresses.isEmpty() && status.signerUserId() != null) {
            addresses.add(ProtectedHeaders.address(status.signerUserId())); // an S/MIME certificate's own address
        }
        if (!addresses.contains(from)) {
            notes.add(Finding.of("signer-not-sender", status.signerUserId(), fromAddress));
        }
        if (status.signedAt() != null && sentAt != null
                && Duration.between(status.signedAt(), sentAt).abs().compareTo(SIGNATURE_DATE_TOLERANCE) > 0) {
            notes.add(Finding.of("signature-date-far", status.signedAt(), sentAt));
        }
    }

    /** The first occurrence of {@code text} in {@code body} that overlaps none of the spans placed so far, or -1. */
    private static int firstFree(String body, String text, List<Part> placed) {
        int at = body.indexOf(text);
        while (at >= 0) {
            int start = at;
            int end = at + text.length();
            if (placed.stream().noneMatch(part -> part.start() < end && start < part.end())) {
                return at;
            }
            at = body.indexOf(text, at + 1);
        }
        return -1;
    }

    private static int leadingWhitespace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
