package org.csirtgateway.profile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Clear-signs text (RFC 4880 section 7, "Cleartext Signature Framework") with the team's OpenPGP secret key, as
 * RFC 9116 recommends for security.txt. The key is read and unlocked once at start-up; a wrong passphrase or an
 * unusable key stops start-up with a message that names the key file, never the passphrase.
 */
public final class ClearSigner {

    private final PGPSecretKey secretKey;
    private final PGPPrivateKey privateKey;

    private ClearSigner(PGPSecretKey secretKey, PGPPrivateKey privateKey) {
        this.secretKey = secretKey;
        this.privateKey = privateKey;
    }

    /** Loads the first signing-capable key of an armored (or binary) secret key file. */
    public static ClearSigner load(Path keyFile, char[] passphrase) {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(keyFile))) {
            PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (Iterator<PGPSecretKeyRing> ringIt = rings.getKeyRings(); ringIt.hasNext(); ) {
                for (Iterator<PGPSecretKey> keyIt = ringIt.next().getSecretKeys(); keyIt.hasNext(); ) {
                    PGPSecretKey key = keyIt.next();
                    if (key.isSigningKey() && !key.isPrivateKeyEmpty()) {
                        PGPPrivateKey unlocked = key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(
                                new BcPGPDigestCalculatorProvider()).build(passphrase));
                        return new ClearSigner(key, unlocked);
                    }
                }
            }
            throw new IllegalArgumentException("the secret key file " + keyFile + " holds no signing key");
        } catch (PGPException e) {
            throw new IllegalArgumentException("cannot unlock the secret key in " + keyFile
                    + " (wrong passphrase or unsupported key)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret key file " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** Key ID of the signing key, in hex (for messages). */
    public String keyId() {
        return Long.toHexString(secretKey.getKeyID()).toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code text} (LF line ends) as a clear-signed message. */
    public String sign(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        String[] lines = body.split("\n", -1);
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
                    secretKey.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), secretKey.getPublicKey());
            generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new java.util.Date());
            hashed.setIssuerFingerprint(false, secretKey);
            generator.setHashedSubpackets(hashed.generate());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out);
            armored.beginClearText(HashAlgorithmTags.SHA256);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith("-")) {
                    throw new IllegalArgumentException("line " + (i + 1) + " starts with '-'; it would need "
                            + "dash-escaping");
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                armored.write(bytes);
                armored.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                // The signature covers each line without trailing white space, lines joined by CRLF.
                if (i > 0) {
                    generator.update("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                generator.update(line.replaceAll("[ \\t]+$", "").getBytes(StandardCharsets.UTF_8));
            }
            armored.endClearText();
            BCPGOutputStream packets = new BCPGOutputStream(armored);
            generator.generate().encode(packets);
            armored.close();
            return out.toString(StandardCharsets.UTF_8);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("Cannot clear-sign with key " + keyId() + ": " + e.getMessage(), e);
        }
    }
}
