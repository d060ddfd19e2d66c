package org.csirtgateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds reports the way PGP/MIME mail clients (Thunderbird, Mutt with gpg) send them, using real GnuPG. */
public final class PgpMails {

    private PgpMails() {
    }

    /** A report body with a text part, a CSV attachment and a forwarded phishing mail, as one MIME entity. */
    public static String reportEntity(String text) {
        String csv = Base64.getMimeEncoder().encodeToString("ip,port\r\n203.0.113.7,443\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return "Content-Type: multipart/mixed; boundary=\"inner-mixed\"\r\n"
                + "\r\n"
                + "--inner-mixed\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + text + "\r\n"
                + "--inner-mixed\r\n"
                + "Content-Type: text/csv; name=\"hosts.csv\"\r\n"
                + "Content-Disposition: attachment; filename=\"hosts.csv\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + csv + "\r\n"
                + "--inner-mixed\r\n"
                + "Content-Type: message/rfc822\r\n"
                + "\r\n"
                + "From: Bank Security <security@phish.example>\r\n"
                + "Subject: Verify your account now\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "\r\n"
                + "Click hxxp://phish.example/verify to keep your account.\r\n"
                + "--inner-mixed--\r\n";
    }

    public static String headers(String from, String to, String subject, String messageId) {
        return "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Thu, 26 Nov 2026 07:00:00 +0000\r\n"
                + "Message-ID: <" + messageId + ">\r\n"
                + "MIME-Version: 1.0\r\n";
    }

    /** RFC 3156 section 4 (with 6.2 combined signing when {@code signer} is given). */
    public static byte[] encrypted(Gpg gpg, String headers, String entity, String recipient, String signer) {
        byte[] armored = gpg.encrypt(entity.getBytes(StandardCharsets.UTF_8), recipient, signer);
        return encryptedEnvelope(headers, new String(armored, StandardCharsets.US_ASCII));
    }

    public static byte[] encryptedEnvelope(String headers, String armored) {
        return (headers
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"enc-b\"\r\n"
                + "\r\n"
                + "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n"
                + "--enc-b\r\n"
                + "Content-Type: application/pgp-encrypted\r\n"
                + "Content-Description: PGP/MIME version identification\r\n"
                + "\r\n"
                + "Version: 1\r\n"
                + "\r\n"
                + "--enc-b\r\n"
                + "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                + "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n"
                + "\r\n"
                + crlf(armored)
                + "\r\n--enc-b--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 3156 section 5: the signature covers the first part's exact bytes, CRLF line endings. */
    public static byte[] signed(Gpg gpg, String headers, String entity, String signer) {
        String signedPart = crlf(entity);
        if (signedPart.endsWith("\r\n")) {
            signedPart = signedPart.substring(0, signedPart.length() - 2);
        }
        byte[] signature = gpg.detachSign(signedPart.getBytes(StandardCharsets.UTF_8), signer);
        return signedEnvelope(headers, signedPart, new String(signature, StandardCharsets.US_ASCII));
    }

    public static byte[] signedEnvelope(String headers, String signedPart, String signature) {
        return (headers
                + "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; "
                + "boundary=\"sig-b\"\r\n"
                + "\r\n"
                + "--sig-b\r\n"
                + signedPart + "\r\n"
                + "--sig-b\r\n"
                + "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
                + "\r\n"
                + crlf(signature)
                + "\r\n--sig-b--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
