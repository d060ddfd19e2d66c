package org.csirtgateway.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Store;
import org.csirtgateway.crypto.CryptoStatus.SignatureResult;
import org.csirtgateway.reason.Finding;

/**
 * Decrypts and verifies S/MIME (CMS, RFC 5652 / RFC 8551) with Bouncy Castle: enveloped data with a team
 * certificate's key, signed data (opaque, or detached in {@code multipart/signed}) against the signer's certificate,
 * its validity and a chain to the team's trust anchors. The outcomes are the same states as for OpenPGP, with
 * reasons as data; never throws for bad data.
 */
public final class SmimeMessages {

    private final SmimeKeys keys;
    private final PgpLimits limits;

    public SmimeMessages(SmimeKeys keys, PgpLimits limits) {
        this.keys = keys;
        this.limits = limits;
    }

    /**
     * What an {@code application/pkcs7-mime} part holds, opened: enveloped data decrypted, or signed data verified.
     *
     * @param plaintext the MIME entity inside, or null when it could not be opened
     * @param found     the encryption (enveloped) or signature (signed) finding
     */
    record Opened(byte[] plaintext, CryptoStatus found) {
    }

    /** Opens a pkcs7-mime part's DER data, parsed once: enveloped (encrypted), else signed data. */
    Opened open(byte[] der) {
        CMSEnvelopedData enveloped;
        try {
            enveloped = new CMSEnvelopedData(der);
        } catch (CMSException | RuntimeException notEnveloped) {
            PgpMessages.Opened signed = openSigned(der);
            return new Opened(signed.plaintext(), CryptoStatus.PLAIN.withSignature(signed.readable()
                    ? signed.signature() : SignatureResult.unreadable("unreadable-signature")));
        }
        PgpMessages.Opened decrypted = decrypt(enveloped);
        return new Opened(decrypted.plaintext(),
                CryptoStatus.PLAIN.withEncryption(decrypted.encryption(), decrypted.detail()));
    }

    /** Opens CMS enveloped data with the team's S/MIME keys: the decrypted MIME entity, or why not. */
    private PgpMessages.Opened decrypt(CMSEnvelopedData enveloped) {
        List<String> recipients = new ArrayList<>();
        for (RecipientInformation recipient : enveloped.getRecipientInfos().getRecipients()) {
            if (recipient.getRID() instanceof KeyTransRecipientId id && id.getIssuer() != null) {
                recipients.add(IETFUtils.valueToString(id.getIssuer().getRDNs(BCStyle.CN).length > 0
                        ? id.getIssuer().getRDNs(BCStyle.CN)[0].getFirst().getValue() : id.getIssuer()) + " #"
                        + id.getSerialNumber().toString(16));
            }
            for (SmimeKeys.Identity identity : keys.identities()) {
                if (!recipient.getRID().match(holder(identity.certificate()))) {
                    continue;
                }
                try {
                    byte[] content = recipient.getContent(new JceKeyTransEnvelopedRecipient(identity.key())
                            .setProvider(provider()));
                    if (content.length > limits.maxDecryptedBytes()) {
                        return failed(Finding.of("too-large", limits.maxDecryptedBytes()));
                    }
                    return new PgpMessages.Opened(content, CryptoStatus.DECRYPTED, Finding.of("smime-decrypted",
                            fingerprint(identity.certificate()), subjectOf(identity.certificate())),
                            SignatureResult.NONE_FOUND);
                } catch (CMSException | RuntimeException e) {
                    return failed(Finding.of("integrity-failed"));
                }
            }
        }
        return failed(Finding.of("smime-no-key", String.join(", ", recipients)));
    }

    /** Opaque signed data: the signed MIME entity it carries, verified. */
    public PgpMessages.Opened openSigned(byte[] der) {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(der);
        } catch (CMSException | RuntimeException e) {
            return failed(Finding.of("smime-not-cms"));
        }
        Object content = signed.getSignedContent() == null ? null : signed.getSignedContent().getContent();
        if (!(content instanceof byte[] bytes)) {
            return failed(Finding.of("smime-not-cms"));
        }
        return new PgpMessages.Opened(bytes, CryptoStatus.NONE, Finding.NONE, judge(signed));
    }

    /** A detached signature ({@code multipart/signed}, application/pkcs7-signature) over exactly {@code content}. */
    public SignatureResult verifyDetached(byte[] content, byte[] der) {
        try {
            return judge(new CMSSignedData(new CMSProcessableByteArray(content), der));
        } catch (CMSException | RuntimeException e) {
            return SignatureResult.unreadable("unreadable-signature");
        }
    }

    private SignatureResult judge(CMSSignedData signed) {
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certificates = signed.getCertificates();
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return SignatureResult.unreadable("no-signature-in-part");
        }
        SignatureResult worst = null;
        for (SignerInformation signer : signers) {
            SignatureResult result = judge(signer, certificates);
            if (worst == null || rank(result) < rank(worst)) {
                worst = result;
            }
        }
        return worst;
    }

    private SignatureResult judge(SignerInformation signer, Store<X509CertificateHolder> certificates) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = certificates.getMatches(signer.getSID());
        if (matches.isEmpty()) {
            return new SignatureResult(CryptoStatus.UNKNOWN_KEY, null, null, Finding.of("smime-no-certificate"));
        }
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().setProvider(provider()).getCertificate(
                    matches.iterator().next());
        } catch (CertificateException e) {
            return SignatureResult.unreadable("unreadable-signature");
        }
        String fingerprint = fingerprint(certificate);
        String who = subjectOf(certificate);
        Instant signedAt = signingTime(signer);
        boolean correct;
        try {
            // With the public key alone: Bouncy Castle would refuse a certificate past its validity before checking
            // the signature; validity is judged below, so an expired certificate reads "expired", not "bad".
            correct = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider())
                    .build(certificate.getPublicKey()));
        } catch (Exception e) {
            correct = false; // a signature that cannot be checked is not a good one; the reason names no exception
        }
        if (!correct) {
            return new SignatureResult(CryptoStatus.BAD, fingerprint, who, Finding.of("smime-bad", who, fingerprint),
                    signedAt);
        }
        Date at = signedAt == null ? new Date() : Date.from(signedAt);
        if (certificate.getNotAfter().before(at) || certificate.getNotBefore().after(at)) {
            return new SignatureResult(CryptoStatus.EXPIRED, fingerprint, who, Finding.of("smime-expired", who, fingerprint,
                    certificate.getNotAfter().toInstant()), signedAt);
        }
        if (!trusted(certificate, certificates, at)) {
            return new SignatureResult(CryptoStatus.UNKNOWN_KEY, fingerprint, who,
                    Finding.of("smime-untrusted", who, certificate.getIssuerX500Principal().getName()), signedAt);
        }
        return new SignatureResult(CryptoStatus.GOOD, fingerprint, who, Finding.of("smime-good", who, fingerprint),
                signedAt);
    }

    /** A certification path from the certificate (with the message's other certificates) to a team trust anchor. */
    private boolean trusted(X509Certificate certificate, Store<X509CertificateHolder> certificates, Date at) {
        if (keys.anchors().isEmpty()) {
            return false;
        }
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(certificate);
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(provider());
            X509Certificate current = certificate;
            // Intermediate certificates the sender included, up to one an anchor issued (at most 8 deep).
            for (int depth = 0; depth < 8; depth++) {
                javax.security.auth.x500.X500Principal issuerName = current.getIssuerX500Principal();
                if (keys.anchors().stream().anyMatch(anchor -> anchor.getTrustedCert().getSubjectX500Principal()
                        .equals(issuerName))) {
                    break;
                }
                X509Certificate issuer = null;
                for (Object holder : certificates.getMatches(null)) {
                    X509Certificate candidate = converter.getCertificate((X509CertificateHolder) holder);
                    if (candidate.getSubjectX500Principal().equals(issuerName) && !candidate.equals(current)) {
                        issuer = candidate;
                    }
                }
                if (issuer == null) {
                    break;
                }
                path.add(issuer);
                current = issuer;
            }
            PKIXParameters parameters = new PKIXParameters(keys.anchors());
            parameters.setRevocationEnabled(false); // no network from the intake: revocation is the analyst's step
            parameters.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Instant signingTime(SignerInformation signer) {
        if (signer.getSignedAttributes() == null) {
            return null;
        }
        Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() == 0) {
            return null;
        }
        try {
            return Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "Name &lt;address&gt;" from the certificate: its e-mail address (subject or alternative name) and CN. */
    static String subjectOf(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        String name = first(subject, BCStyle.CN);
        String address = first(subject, BCStyle.EmailAddress);
        if (address == null) {
            address = addresses(certificate).stream().findFirst().orElse(null);
        }
        if (address == null) {
            return name == null ? certificate.getSubjectX500Principal().getName() : name;
        }
        return name == null ? "<" + address + ">" : name + " <" + address + ">";
    }

    /** The e-mail addresses a certificate names (lower case): the rfc822Name alternative names and the subject's. */
    static List<String> addresses(X509Certificate certificate) {
        List<String> addresses = new ArrayList<>();
        try {
            byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
            if (extension != null) {
                GeneralNames names = GeneralNames.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets());
                for (GeneralName name : names.getNames()) {
                    if (name.getTagNo() == GeneralName.rfc822Name) {
                        addresses.add(name.getName().toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (RuntimeException ignored) {
            // a damaged extension names no address
        }
        String subject = first(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                BCStyle.EmailAddress);
        if (subject != null && !addresses.contains(subject.toLowerCase(Locale.ROOT))) {
            addresses.add(subject.toLowerCase(Locale.ROOT));
        }
        return addresses;
    }

    private static String first(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    /** SHA-256 of the certificate, hex upper case: how the analyst tells certificates apart. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(certificate);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a loaded certificate is always encodable", e);
        }
    }

    private static java.security.Provider provider() {
        return Provider.BC;
    }

    private static PgpMessages.Opened failed(Finding why) {
        return new PgpMessages.Opened(null, CryptoStatus.FAILED, why, SignatureResult.NONE_FOUND);
    }

    private static int rank(SignatureResult result) {
        return switch (result.state()) {
            case CryptoStatus.BAD -> 0;
            case CryptoStatus.REVOKED -> 1;
            case CryptoStatus.EXPIRED -> 2;
            case CryptoStatus.UNKNOWN_KEY -> 3;
            case CryptoStatus.GOOD -> 4;
            default -> 5;
        };
    }

    /** One Bouncy Castle provider for the process, not registered globally. */
    private static final class Provider {
        static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }
}
