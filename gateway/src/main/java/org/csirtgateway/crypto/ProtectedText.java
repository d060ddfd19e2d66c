package org.csirtgateway.crypto;

import java.util.List;

/**
 * A text part as the crypto stage rewrote it, decrypted or verified content in place, and which pieces of it were
 * protected. Whatever lies outside the pieces travelled in clear: text an attacker in transit, a forwarder or a list
 * could have added, so it must never read as part of the protected report.
 *
 * @param text   the whole text of the part after rewriting
 * @param pieces the protected pieces, in order, not overlapping (offsets into {@code text})
 */
public record ProtectedText(String text, List<Piece> pieces) {

    public ProtectedText {
        pieces = List.copyOf(pieces);
    }

    /** One protected piece: {@code text.substring(start, end)}, and how it was protected. */
    public record Piece(int start, int end, CryptoStatus protection) {
    }

    /** Whether text outside the pieces says anything (more than white space). */
    public boolean hasClearText() {
        int at = 0;
        for (Piece piece : pieces) {
            if (!text.substring(at, piece.start()).isBlank()) {
                return true;
            }
            at = piece.end();
        }
        return !text.substring(at).isBlank();
    }
}
