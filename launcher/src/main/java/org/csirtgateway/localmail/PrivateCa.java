package org.csirtgateway.localmail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority made in the test, the way a team runs its own CA for internal servers: a CA
 * certificate, a server certificate it signed for 127.0.0.1/localhost (PEM files for the server), and a PKCS12 trust
 * store holding only the CA (for the gateway's imap.trustStore).
 */
public final class PrivateCa {

    public final X509Certificate caCertificate;
    public final Path serverCertificateChainPem;
    public final Path serverKeyPem;
    public final Path trustStore;
    public final String trustStorePassword = "trust-store-secret";

    private PrivateCa(X509Certificate caCertificate, Path chain, Path key, Path trustStore) {
        this.caCertificate = caCertificate;
        this.serverCertificateChainPem = chain;
        this.serverKeyPem = key;
        this.trustStore = trustStore;
    }

    public static PrivateCa create(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair serverKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Test Team Private CA");

        JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), caName,
                caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCertificate = new JcaX509CertificateConverter().getCertificate(
                ca.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));

        JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate, BigInteger.TWO,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))),
                new X500Name("CN=localhost"), serverKeys.getPublic());
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate serverCertificate = new JcaX509CertificateConverter().getCertificate(
                server.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));

        Path chain = dir.resolve("server-chain.pem");
        try (Writer out = Files.newBufferedWriter(chain); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(serverCertificate);
            pem.writeObject(caCertificate);
        }
        Path key = dir.resolve("server-key.pem");
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(serverKeys.getPrivate());
        }
        PrivateCa result = new PrivateCa(caCertificate, chain, key, dir.resolve("truststore.p12"));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("team-ca", caCertificate);
        try (OutputStream out = Files.newOutputStream(result.trustStore)) {
            trust.store(out, result.trustStorePassword.toCharArray());
        }
        return result;
    }

    /** An SSL context trusting only this CA, for a test's own mail client. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("team-ca", caCertificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
