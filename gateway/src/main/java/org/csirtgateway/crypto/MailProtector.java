package org.csirtgateway.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPDetachedSignatureGenerator;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPMessageGenerator;
import org.bouncycastle.openpgp.api.OpenPGPMessageOutputStream;
import org.bouncycastle.openpgp.api.OpenPGPSignature;

/**
 * Answers in kind (RFC 3156): a composed mail becomes {@code multipart/signed} with the team's signing key, or, when
 * the recipient's trusted key is given, {@code multipart/encrypted} with the signature inside the encrypted data
 * (section 6.2), encrypted to the recipient and to the team (so the sent copy stays readable).
 *
 * <p>Works on the composed bytes: the routing headers (From, To, Subject, Message-ID, In-Reply-To, Auto-Submitted...)
 * stay outside, the content entity is what is signed.
 */
public final class MailProtector {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TeamKeys team;

    public MailProtector(TeamKeys team) {
        this.team = team;
    }

    public boolean canSign() {
        return team.signingKey().isPresent();
    }

    /**
     * @param mime        the complete composed message (CRLF)
     * @param encryptTo   the recipient's trusted certificate, or empty to only sign
     * @return the protected message, or the input unchanged when the team has no key
     */
    public byte[] protect(byte[] mime, Optional<OpenPGPCertificate> encryptTo) {
        Optional<OpenPGPKey> signer = team.signingKey();
        if (signer.isEmpty()) {
            return mime;
        }
        ComposedMail composed = ComposedMail.of(mime);
        byte[] entity = composed.entity();
        try {
            byte[] body = encryptTo.isPresent() ? encrypted(entity, signer.get(), encryptTo.get())
                    : signed(composed.signedPart(), signer.get());
            return concat((composed.outerHeaders() + "MIME-Version: 1.0\r\n").getBytes(StandardCharsets.ISO_8859_1),
                    body);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("Cannot sign or encrypt the outgoing mail with the team key (the cause is in "
                    + "the server log)", e);
        }
    }

    private static byte[] signed(byte[] signedPart, OpenPGPKey signer) throws IOException, PGPException {
        List<OpenPGPSignature.OpenPGPDocumentSignature> signatures = new OpenPGPDetachedSignatureGenerator()
                .addSigningKey(signer).sign(new java.io.ByteArrayInputStream(signedPart));
        StringBuilder armored = new StringBuilder();
        for (OpenPGPSignature.OpenPGPDocumentSignature signature : signatures) {
            armored.append(signature.toAsciiArmoredString());
        }
        String boundary = boundary("signed");
        String micalg = "pgp-" + hashName(signatures.get(0).getSignature().getHashAlgorithm());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("Content-Type: multipart/signed; micalg=" + micalg
                + "; protocol=\"application/pgp-signature\"; boundary=\"" + boundary + "\"\r\n\r\n"
                + "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n"
                + "--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(signedPart);
        out.writeBytes(("\r\n--" + boundary + "\r\n"
                + "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
                + "Content-Description: OpenPGP digital signature\r\n"
                + "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n"
                + crlf(armored.toString()) + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private byte[] encrypted(byte[] entity, OpenPGPKey signer, OpenPGPCertificate recipient)
            throws IOException, PGPException {
        OpenPGPMessageGenerator generator = new OpenPGPMessageGenerator().setArmored(true)
                // With its CRC line: GnuPG 2.2 (Debian 12's) refuses armor without one ("invalid radix64 character").
                .setArmorStreamFactory(stream -> org.bouncycastle.bcpg.ArmoredOutputStream.builder()
                        .clearHeaders().enableCRC(true).build(stream))
                .addEncryptionCertificate(recipient).addSigningKey(signer);
        for (OpenPGPCertificate own : team.certificates()) {
            if (!own.getEncryptionKeys().isEmpty()) {
                generator.addEncryptionCertificate(own);
                break;
            }
        }
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (OpenPGPMessageOutputStream out = generator.open(ciphertext)) {
            out.write(entity);
        }
        String boundary = boundary("encrypted");
        return ("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\""
                + boundary + "\"\r\n\r\n"
                + "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: application/pgp-encrypted\r\n"
                + "Content-Description: PGP/MIME version identification\r\n\r\n"
                + "Version: 1\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                + "Content-Description: OpenPGP encrypted message\r\n"
                + "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n"
                + crlf(ciphertext.toString(StandardCharsets.US_ASCII))
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String hashName(int algorithm) {
        return switch (algorithm) {
            case 2 -> "sha1";
            case 8 -> "sha256";
            case 9 -> "sha384";
            case 10 -> "sha512";
            case 11 -> "sha224";
            case 12 -> "sha3-256";
            case 14 -> "sha3-512";
            default -> "sha256";
        };
    }

    private static String boundary(String kind) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "=_" + kind + "_" + HexFormat.of().formatHex(random);
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
