package org.csirtgateway.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.csirtgateway.parse.ReportParser;

/**
 * How many S/MIME signed-then-encrypted reports per second the crypto stage and the parser get through, measured as
 * {@link PgpBench} measures OpenPGP: an RSA-3072 team certificate, an RSA-2048 reporter certificate the team trusts,
 * AES-256 content encryption, every result checked to be decrypted with a good signature.
 */
public final class SmimeBench {

    private SmimeBench() {
    }

    public static PgpBench.Figures run(int reports, int threads) throws Exception {
        KeyPair teamPair = pair(3072);
        X509Certificate team = selfSigned(teamPair, "CN=Bench CSIRT,E=csirt@example.org");
        KeyPair reporterPair = pair(2048);
        X509Certificate reporter = selfSigned(reporterPair, "CN=Bench Reporter,E=reporter@example.net");
        SmimeKeys keys = new SmimeKeys(List.of(new SmimeKeys.Identity(team, teamPair.getPrivate())),
                Set.of(new java.security.cert.TrustAnchor(reporter, null)));
        List<byte[]> mails = new ArrayList<>();
        int distinct = Math.min(reports, 200);
        for (int i = 0; i < distinct; i++) {
            mails.add(report(i, team, reporter, reporterPair));
        }
        PgpUnwrapper unwrapper = new PgpUnwrapper(new PgpMessages(TeamKeys.none(), CertificateSource.NONE,
                PgpLimits.DEFAULT), new SmimeMessages(keys, PgpLimits.DEFAULT));
        ReportParser parser = new ReportParser();
        PgpBench.process(unwrapper, parser, mails, Math.min(reports, 2000), threads, new AtomicLong()); // warm-up
        AtomicLong cpuNanos = new AtomicLong();
        long start = System.nanoTime();
        int wrong = PgpBench.process(unwrapper, parser, mails, reports, threads, cpuNanos);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PgpBench.Figures("S/MIME RSA-3072", 1, reports, threads, seconds, cpuNanos.get() / 1e9, wrong);
    }

    private static byte[] report(int i, X509Certificate team, X509Certificate reporter, KeyPair reporterPair)
            throws Exception {
        byte[] entity = PgpBench.entity(i).getBytes(StandardCharsets.UTF_8);
        CMSSignedDataGenerator signer = new CMSSignedDataGenerator();
        signer.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .build()).build(new JcaContentSignerBuilder("SHA256withRSA").build(reporterPair.getPrivate()),
                reporter));
        signer.addCertificates(new JcaCertStore(List.of(reporter)));
        byte[] signature = signer.generate(new CMSProcessableByteArray(entity), false).getEncoded();
        String signed = "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; "
                + "boundary=\"sig\"\r\n\r\n--sig\r\n" + new String(entity, StandardCharsets.UTF_8) + "\r\n--sig\r\n"
                + "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(signature)
                + "\r\n--sig--\r\n";
        CMSEnvelopedDataGenerator envelope = new CMSEnvelopedDataGenerator();
        envelope.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(team));
        byte[] enveloped = envelope.generate(new CMSProcessableByteArray(signed.getBytes(StandardCharsets.UTF_8)),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build()).getEncoded();
        return ("From: Bench Reporter <reporter@example.net>\r\nTo: csirt@example.org\r\n"
                + "Subject: Report " + i + "\r\nMessage-ID: <smime-bench-" + i + "@example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(enveloped)
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static KeyPair pair(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, String subject) throws Exception {
        X500Name name = new X500Name(subject);
        long now = System.currentTimeMillis();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now), new Date(now - 86_400_000L), new Date(now + 30 * 86_400_000L), name,
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }
}
