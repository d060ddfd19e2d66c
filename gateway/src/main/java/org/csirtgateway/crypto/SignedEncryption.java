package org.csirtgateway.crypto;

import java.util.List;

/**
 * A signature around an encrypted message: a PGP/MIME {@code multipart/signed} (RFC 3156 section 5) whose signed first
 * part is itself a PGP/MIME {@code multipart/encrypted} entity (section 4). Some clients and mailing list software
 * sign after encrypting; the signature covers the encrypted entity's exact bytes, and the report is inside it.
 */
final class SignedEncryption {

    private SignedEncryption() {
    }

    /**
     * The signed first part of {@code top} when it is a PGP/MIME encrypted entity (with a boundary, and the
     * application/pgp-encrypted protocol or none), else null.
     */
    static RawMime.Entity encryptedSignedPart(RawMime.Entity top, RawMime.ContentType type) {
        List<byte[]> parts = RawMime.parts(top.body(), type.boundary());
        if (parts.isEmpty()) {
            return null;
        }
        RawMime.Entity first = RawMime.parse(parts.get(0));
        RawMime.ContentType inner = first.contentType();
        boolean encrypted = inner.is("multipart/encrypted") && inner.boundary() != null
                && (inner.protocol() == null || inner.protocolIs("application/pgp-encrypted"));
        return encrypted ? first : null;
    }
}
