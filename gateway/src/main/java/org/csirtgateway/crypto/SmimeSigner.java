package org.csirtgateway.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs the team's outgoing mail with its S/MIME certificate (RFC 8551 {@code multipart/signed} with
 * {@code application/pkcs7-signature}, SHA-256): the routing headers stay outside, the content entity is signed over
 * its exact CRLF bytes, and the signature carries the team certificate so any mail program can check it.
 */
final class SmimeSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SmimeKeys keys;

    SmimeSigner(SmimeKeys keys) {
        this.keys = keys;
    }

    boolean canSign() {
        return !keys.identities().isEmpty();
    }

    /** The composed message (CRLF) signed with the first team certificate. */
    byte[] sign(byte[] mime) {
        SmimeKeys.Identity identity = keys.identities().get(0);
        ComposedMail composed = ComposedMail.of(mime);
        byte[] signedPart = composed.signedPart();
        byte[] signature;
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                    .build()).build(new JcaContentSignerBuilder(identity.key().getAlgorithm().equals("EC")
                    ? "SHA256withECDSA" : "SHA256withRSA").build(identity.key()), identity.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(identity.certificate())));
            signature = generator.generate(new CMSProcessableByteArray(signedPart), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign the outgoing mail with the team's S/MIME certificate (the "
                    + "cause is in the server log)", e);
        }
        String boundary = "smime-signed-" + Long.toHexString(RANDOM.nextLong());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((composed.outerHeaders() + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; "
                + "boundary=\"" + boundary + "\"\r\n\r\n"
                + "This is an S/MIME signed message\r\n--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(signedPart);
        out.writeBytes(("\r\n--" + boundary + "\r\n"
                + "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(signature)
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
