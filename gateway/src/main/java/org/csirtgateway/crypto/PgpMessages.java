package org.csirtgateway.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.EncryptedDataPacketType;
import org.bouncycastle.openpgp.api.MessageEncryptionMechanism;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPDetachedSignatureProcessor;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPMessageInputStream;
import org.bouncycastle.openpgp.api.OpenPGPMessageProcessor;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.csirtgateway.crypto.CryptoStatus.SignatureResult;
import org.csirtgateway.reason.Finding;

/**
 * Decrypts and verifies OpenPGP data in-process with Bouncy Castle's OpenPGP API (RFC 4880 and RFC 9580 v6): no
 * external process per message. Never throws for bad data: every outcome is a readable result.
 */
public final class PgpMessages {

    private static final Finding NO_INTEGRITY = Finding.of("no-integrity");
    private static final Finding CANNOT_DECRYPT = Finding.of("cannot-decrypt");

    private final TeamKeys team;
    private final CertificateSource certificates;
    private final PgpLimits limits;

    public PgpMessages(TeamKeys team, CertificateSource certificates, PgpLimits limits) {
        this.team = team;
        this.certificates = certificates;
        this.limits = limits;
    }

    public PgpLimits limits() {
        return limits;
    }

    /**
     * The outcome of opening one OpenPGP message.
     *
     * @param plaintext  the content, only when it was decrypted with its integrity checked (or was only signed);
     *                   null otherwise, so unprotected or tampered data can never be shown as the report
     * @param encryption none | decrypted | failed
     * @param detail     readable: with which key, or exactly why not
     * @param signature  the signature inside (one-pass or prefixed), checked
     */
    public record Opened(byte[] plaintext, String encryption, Finding detail, SignatureResult signature) {
        public boolean readable() {
            return plaintext != null;
        }
    }

    /** Opens an armored or binary OpenPGP message: decrypts it with a team key and checks signatures inside. */
    public Opened open(byte[] data) {
        Recipients recipients = Recipients.of(data);
        if (recipients.hidden() && recipients.keyIds().stream().noneMatch(this::isTeamKey)) {
            return openForHiddenRecipient(data, recipients);
        }
        List<OpenPGPKey> named = team.all().stream().filter(key -> recipients.keyIds().stream()
                .anyMatch(id -> holds(key, id))).toList();
        // Only the keys the message names: each key handed to Bouncy Castle costs work per message.
        return open(data, recipients, named.isEmpty() ? team.all() : named);
    }

    /**
     * Tries every team key that may fit a message encrypted to a hidden recipient, one at a time: Bouncy Castle's own
     * search over several keys stops at the first key of another algorithm (RSA beside Curve25519) with an error, so
     * the key that fits would never be tried. A key that does not fit fails before any content is read.
     */
    private Opened openForHiddenRecipient(byte[] data, Recipients recipients) {
        List<OpenPGPKey> candidates = team.forHiddenRecipient(recipients.hiddenAlgorithms());
        Opened mostTelling = null;
        for (OpenPGPKey key : candidates) {
            Opened opened = open(data, recipients, List.of(key));
            if (opened.readable()) {
                return opened;
            }
            if (mostTelling == null || !opened.detail().equals(CANNOT_DECRYPT)) {
                mostTelling = opened;
            }
        }
        if (mostTelling == null || mostTelling.detail().equals(CANNOT_DECRYPT)) {
            return failed(Finding.of("hidden-recipient-no-key", team.all().size()));
        }
        return mostTelling;
    }

    private Opened open(byte[] data, Recipients recipients, List<OpenPGPKey> decryptionKeys) {
        List<KeyIdentifier> unknownSigners = new ArrayList<>();
        OpenPGPMessageProcessor processor = new OpenPGPMessageProcessor();
        for (OpenPGPKey key : decryptionKeys) {
            processor.addDecryptionKey(key);
        }
        processor.setMissingOpenPGPCertificateProvider(id -> {
            for (OpenPGPCertificate own : team.certificates()) {
                if (own.getKey(id) != null) {
                    return own;
                }
            }
            OpenPGPCertificate found = certificates.find(id).orElse(null);
            if (found == null) {
                unknownSigners.add(id);
            }
            return found;
        });
        byte[] plaintext;
        OpenPGPMessageInputStream.Result result;
        try {
            OpenPGPMessageInputStream in = processor.process(new ByteArrayInputStream(data));
            try {
                plaintext = readBounded(in);
            } catch (LimitExceeded e) {
                closeQuietly(in);
                throw e;
            }
            in.close();
            result = in.getResult();
        } catch (LimitExceeded e) {
            return failed(Finding.of("too-large", limits.maxDecryptedBytes()));
        } catch (IOException | PGPException | RuntimeException e) {
            return failed(explainFailure(recipients, e));
        }
        MessageEncryptionMechanism mechanism = result.getEncryptionMethod();
        boolean encrypted = mechanism != null && mechanism.isEncrypted();
        if (encrypted && mechanism.getMode() == EncryptedDataPacketType.SED) {
            return failed(NO_INTEGRITY);
        }
        SignatureResult signature = judge(result.getSignatures(), unknownSigners);
        if (!encrypted) {
            return new Opened(plaintext, CryptoStatus.NONE, Finding.NONE, signature);
        }
        OpenPGPCertificate.OpenPGPComponentKey key = result.getDecryptionKey();
        Finding detail = Finding.of(decryptedCode(mechanism),
                key == null ? "" : Fingerprints.hex(key.getCertificate().getFingerprint()),
                key == null ? "" : Fingerprints.userId(key.getCertificate()));
        return new Opened(plaintext, CryptoStatus.DECRYPTED, detail, signature);
    }

    /** Checks a detached signature (multipart/signed) over exactly {@code content}. */
    public SignatureResult verifyDetached(byte[] content, byte[] signature) {
        List<PGPSignature> found;
        try {
            found = signaturePackets(signature);
        } catch (IOException | RuntimeException e) {
            return SignatureResult.unreadable("unreadable-signature");
        }
        if (found.isEmpty()) {
            return SignatureResult.unreadable("no-signature-in-part");
        }
        OpenPGPDetachedSignatureProcessor processor = new OpenPGPDetachedSignatureProcessor();
        for (PGPSignature packet : found) {
            processor.addSignature(packet);
            KeyIdentifier issuer = SignatureJudge.issuerOf(packet);
            if (issuer != null) {
                certificates.find(issuer).ifPresent(processor::addVerificationCertificate);
                for (OpenPGPCertificate own : team.certificates()) {
                    if (own.getKey(issuer) != null) {
                        processor.addVerificationCertificate(own);
                    }
                }
            }
        }
        try {
            List<OpenPGPDocumentSignature> checked = processor.process(new ByteArrayInputStream(content));
            return SignatureJudge.judge(found, checked);
        } catch (IOException | RuntimeException e) {
            return SignatureResult.unreadable("signature-not-checkable");
        }
    }

    private SignatureResult judge(List<OpenPGPDocumentSignature> signatures, List<KeyIdentifier> unknownSigners) {
        List<OpenPGPDocumentSignature> known = signatures.stream().filter(s -> s.getIssuer() != null).toList();
        if (!known.isEmpty()) {
            return SignatureJudge.judge(List.of(), known);
        }
        if (!signatures.isEmpty()) {
            return SignatureJudge.judge(signatures.get(0));
        }
        if (!unknownSigners.isEmpty()) {
            return new SignatureResult(CryptoStatus.UNKNOWN_KEY, null, null, Finding.of("unknown-key",
                    Fingerprints.keyId(unknownSigners.get(0))));
        }
        return SignatureResult.NONE_FOUND;
    }

    private Opened failed(Finding why) {
        return new Opened(null, CryptoStatus.FAILED, why, SignatureResult.NONE_FOUND);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the data was abandoned on purpose; what closing says about its rest does not matter
        }
    }

    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limits.maxDecryptedBytes()) {
                throw new LimitExceeded();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Says why a message could not be opened: the key IDs it was encrypted to when no team key fits, else what kind of
     * failure Bouncy Castle reported. Its exception text is only classified, never shown. A message that also names a
     * hidden recipient never gets "no secret key": one of the team's keys may be the hidden one.
     */
    private Finding explainFailure(Recipients recipients, Exception e) {
        if (!recipients.openPgp()) {
            return Finding.of("not-openpgp");
        }
        if (recipients.withoutIntegrity()) {
            return NO_INTEGRITY;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        List<String> keyIds = recipients.keyIds();
        if (!keyIds.isEmpty() && !recipients.hidden() && keyIds.stream().noneMatch(this::isTeamKey)) {
            return Finding.of("no-secret-key", String.join(", ", keyIds));
        }
        if (lower.contains("integrity") || lower.contains("mdc") || lower.contains("tag") || lower.contains("modif")) {
            return Finding.of("integrity-failed");
        }
        if (keyIds.stream().anyMatch(this::isTeamKey)) {
            // Addressed to a key the team holds and still not readable: the session key or the data was altered or
            // damaged on the way. Bouncy Castle's words differ with the byte that changed (no working decryption
            // method, a decompressor's error, an unknown packet, an "unsupported" algorithm number that is the
            // altered byte itself), the cause does not. Every algorithm an OpenPGP program uses is supported.
            return Finding.of("integrity-failed");
        }
        if (lower.contains("algorithm") || lower.contains("unsupported")) {
            return Finding.of("unsupported-algorithm");
        }
        if (keyIds.isEmpty() && !recipients.hidden() && lower.contains("no working decryption")) {
            return Finding.of("passphrase-only");
        }
        return CANNOT_DECRYPT;
    }

    private boolean isTeamKey(String keyId) {
        return team.all().stream().anyMatch(key -> holds(key, keyId));
    }

    /** Whether {@code key} has a component with {@code keyId} (written as {@link Fingerprints#keyId}). */
    private static boolean holds(OpenPGPKey key, String keyId) {
        for (KeyIdentifier id : key.getAllKeyIdentifiers()) {
            if (Fingerprints.keyId(id).equals(keyId)
                    || ("0x" + String.format("%016X", id.getKeyId())).equals(keyId)) {
                return true;
            }
        }
        return false;
    }

    private static List<PGPSignature> signaturePackets(byte[] signature) throws IOException {
        List<PGPSignature> found = new ArrayList<>();
        PGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(
                new ByteArrayInputStream(signature)));
        Object object;
        while ((object = factory.nextObject()) != null) {
            if (object instanceof PGPSignatureList list) {
                list.forEach(found::add);
            } else if (object instanceof PGPCompressedData) {
                break;
            }
        }
        return found;
    }

    /** The code of a successful decryption, naming how the data was protected. */
    private static String decryptedCode(MessageEncryptionMechanism mechanism) {
        return switch (mechanism.getMode()) {
            case SEIPDv2 -> "decrypted-aead";
            case LIBREPGP_OED -> "decrypted-ocb";
            default -> "decrypted";
        };
    }

    private static final class LimitExceeded extends IOException {
        LimitExceeded() {
            super("limit exceeded");
        }
    }
}
