package org.csirtgateway.crypto;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.store.Sql;

/**
 * The intake pipeline's OpenPGP stage, in three calls: {@link #unwrap} before parsing, {@link #record} inside the
 * ticket transaction, {@link #protect} on the acknowledgement before it goes into the outbox.
 */
public final class CryptoStage {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CryptoStage.class);

    private final PgpUnwrapper unwrapper;
    private final ReporterKeys reporterKeys;
    private final MailProtector protector;
    private final PgpLimits limits;
    private final CertificateSource certificates;
    private final SmimeSigner smimeSigner;

    public CryptoStage(TeamKeys team, ReporterKeys reporterKeys, PgpLimits limits) {
        this(team, SmimeKeys.none(), reporterKeys, limits);
    }

    /** OpenPGP with the team's keys, S/MIME with its certificates and trust anchors. */
    public CryptoStage(TeamKeys team, SmimeKeys smime, ReporterKeys reporterKeys, PgpLimits limits) {
        this.reporterKeys = reporterKeys;
        this.limits = limits;
        this.certificates = combined(team, reporterKeys);
        this.unwrapper = new PgpUnwrapper(new PgpMessages(team, certificates, limits),
                new SmimeMessages(smime, limits));
        this.protector = new MailProtector(team);
        this.smimeSigner = new SmimeSigner(smime);
    }

    /** Decrypted MIME (or the original) and what is known about its protection. Never throws for bad input. */
    public PgpUnwrapper.Unwrapped unwrap(byte[] raw) {
        return unwrapper.unwrap(raw);
    }

    /** Opens a message's raw bytes, as often as asked. */
    @FunctionalInterface
    public interface RawSource {
        java.io.InputStream open() throws java.io.IOException;
    }

    /**
     * As {@link #unwrap(byte[])} for a message of any size: a streaming pass first tells whether it may hold OpenPGP
     * at all ({@link PgpScan}); only then is it read into memory (its first {@code maxBytes}) and unwrapped. Any other
     * message is left where it is: the result's {@code mime()} is null, its status plain, and the parser reads the
     * original from {@code source}. Never throws for bad input.
     *
     * @throws java.io.IOException when the source cannot be read
     */
    public PgpUnwrapper.Unwrapped unwrap(RawSource source, long maxBytes) throws java.io.IOException {
        boolean mayHoldPgp;
        try (java.io.InputStream in = source.open()) {
            mayHoldPgp = PgpScan.mayHoldPgp(new java.io.BufferedInputStream(in, 64 * 1024),
                    limits.maxDecryptedBytes());
        }
        if (!mayHoldPgp) {
            return new PgpUnwrapper.Unwrapped(null, CryptoStatus.PLAIN, java.util.List.of(), null);
        }
        try (java.io.InputStream in = source.open()) {
            return unwrapper.unwrap(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes)));
        }
    }

    /**
     * Records the status of the placed message, which spans of its text were protected and what the analyst must know
     * beside the badges, and collects the keys it carried, in the caller's transaction. Recording again (a message
     * read again after a crash) replaces what was recorded.
     */
    public void record(Connection connection, long messageRowId, ParsedReport report, PgpUnwrapper.Unwrapped unwrapped,
                       Instant now) throws SQLException {
        CryptoStatus status = unwrapped.status();
        MessageProtection protection = MessageProtection.of(unwrapped, report.bodyText(), report.fromAddress(),
                report.sentAt(), this::signerAddresses);
        Sql.update(connection, """
                        INSERT INTO message_crypto (message_row_id, encryption, encryption_detail, signature,
                            signer_fingerprint, signer_user_id, signature_detail, notes)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (message_row_id) DO UPDATE SET encryption = excluded.encryption,
                            encryption_detail = excluded.encryption_detail, signature = excluded.signature,
                            signer_fingerprint = excluded.signer_fingerprint,
                            signer_user_id = excluded.signer_user_id, signature_detail = excluded.signature_detail,
                            notes = excluded.notes""",
                messageRowId, status.encryption(), status.encryptionDetail().toStored(), status.signature(),
                status.signerFingerprint(), status.signerUserId(), status.signatureDetail().toStored(),
                Finding.toStored(protection.notes()));
        if (!status.equals(CryptoStatus.PLAIN)) { // nearly every report is plain: it never had a protected part
            recordParts(connection, messageRowId, protection);
        }
        if (!unwrapped.publicKeys().isEmpty()) {
            reporterKeys.collect(connection, unwrapped.publicKeys(), report.fromAddress(), now);
        }
    }

    private static void recordParts(Connection connection, long messageRowId, MessageProtection protection)
            throws SQLException {
        Sql.update(connection, "DELETE FROM message_protected_parts WHERE message_row_id = ?", messageRowId);
        int position = 0;
        for (MessageProtection.Part part : protection.parts()) {
            CryptoStatus p = part.protection();
            Sql.update(connection, """
                            INSERT INTO message_protected_parts (message_row_id, position, span_start, span_end,
                                encryption, encryption_detail, signature, signer_fingerprint, signer_user_id,
                                signature_detail)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", messageRowId, position++, part.start(),
                    part.end(), p.encryption(), p.encryptionDetail().toStored(), p.signature(),
                    p.signerFingerprint(), p.signerUserId(), p.signatureDetail().toStored());
        }
    }

    /** The e-mail addresses in the user IDs of the certificate with this fingerprint (reporters' or the team's). */
    private java.util.Set<String> signerAddresses(String fingerprint) {
        java.util.Set<String> addresses = new java.util.HashSet<>();
        try {
            org.bouncycastle.bcpg.KeyIdentifier id = new org.bouncycastle.bcpg.KeyIdentifier(
                    org.bouncycastle.util.encoders.Hex.decode(fingerprint));
            certificates.find(id).ifPresent(certificate -> certificate.getAllUserIds().forEach(userId ->
                    addresses.add(ProtectedHeaders.address(userId.getUserId()))));
        } catch (RuntimeException e) {
            // a fingerprint that names no certificate: no address is the signer's
        }
        return addresses;
    }

    /**
     * Signs the acknowledgement with the team key; encrypts it too when the report came encrypted and a trusted key
     * for the recipient is known. Unchanged when the team has no key.
     */
    public OutgoingMail protect(Connection connection, OutgoingMail mail, CryptoStatus reportStatus)
            throws SQLException {
        if (smimeSigner.canSign() && (!protector.canSign() || cameInSmime(reportStatus))) {
            // In kind: a report protected with S/MIME (or any report, when the team has no OpenPGP key) is answered
            // S/MIME-signed. Encrypting the answer needs the reporter's certificate kept and trusted: not yet.
            try {
                return new OutgoingMail(mail.messageId(), mail.recipient(), smimeSigner.sign(mail.mime()));
            } catch (RuntimeException e) {
                LOG.warn("Mail {} sent without S/MIME signature: {}", mail.messageId(), e.getMessage(), e);
                return mail;
            }
        }
        return protect(connection, mail, reportStatus.wasEncrypted());
    }

    /** Whether the report's protection was S/MIME: its reasons say so (decrypted with a team certificate, ...). */
    private static boolean cameInSmime(CryptoStatus status) {
        return status.encryptionDetail().code().startsWith("smime-")
                || status.signatureDetail().code().startsWith("smime-");
    }

    /**
     * Protection for the team's replies and forwards on a ticket: signed, and encrypted to the recipient's trusted key
     * when any report on the ticket came encrypted.
     */
    public org.csirtgateway.ticket.OutgoingProtection forTeamMail() {
        return (connection, mail, ticketId) -> protect(connection, mail, org.csirtgateway.store.Sql.count(connection, """
                SELECT COUNT(*) FROM message_crypto c JOIN messages m ON m.id = c.message_row_id
                 WHERE m.ticket_id = ? AND c.encryption = ?""", ticketId, CryptoStatus.DECRYPTED) > 0);
    }

    /**
     * Protection for a forward to a partner team (coordination): signed with the team key, and encrypted to the
     * partner's key when the team profile names one. A forward that should be encrypted is never sent in clear: when
     * it cannot be encrypted this throws, naming why.
     *
     * @param partnerKey the partner's public key file, or null when the profile names none (then signed only)
     * @throws IllegalStateException when the partner has a key but the forward cannot be encrypted to it
     */
    public OutgoingMail protectForPartner(OutgoingMail mail, java.nio.file.Path partnerKey) {
        if (partnerKey == null) {
            return protector.canSign() ? new OutgoingMail(mail.messageId(), mail.recipient(),
                    protector.protect(mail.mime(), Optional.empty())) : mail;
        }
        if (!protector.canSign()) {
            throw new IllegalStateException("The forward to " + mail.recipient() + " must be encrypted to the "
                    + "partner's key, but the team has no OpenPGP key to sign it with (set pgp.secretKeys)");
        }
        OpenPGPCertificate certificate;
        try {
            certificate = new org.bouncycastle.openpgp.api.OpenPGPKeyReader().parseCertificate(
                    java.nio.file.Files.readAllBytes(partnerKey));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("The partner key " + partnerKey + " is not a readable OpenPGP public key, "
                    + "so the forward to " + mail.recipient() + " was not sent", e);
        }
        return new OutgoingMail(mail.messageId(), mail.recipient(),
                protector.protect(mail.mime(), Optional.of(certificate)));
    }

    private OutgoingMail protect(Connection connection, OutgoingMail mail, boolean reportWasEncrypted)
            throws SQLException {
        if (!protector.canSign()) {
            return mail;
        }
        Optional<OpenPGPCertificate> encryptTo = reportWasEncrypted
                ? reporterKeys.trustedFor(connection, mail.recipient()) : Optional.empty();
        try {
            return new OutgoingMail(mail.messageId(), mail.recipient(), protector.protect(mail.mime(), encryptTo));
        } catch (RuntimeException e) {
            // The acknowledgement quotes nothing the reporter protected (see forAcknowledgement), so it still goes
            // out rather than the ticket failing; the operator sees why it went unprotected.
            LOG.warn("Mail {} sent without OpenPGP protection: {}", mail.messageId(), e.getMessage(), e);
            return mail;
        }
    }

    /**
     * The report as the acknowledgement may quote it: for an encrypted report, with the Subject that travelled in
     * clear, so a subject the reporter protected (inside the encryption) is never sent back readable.
     */
    public static ParsedReport forAcknowledgement(ParsedReport report, PgpUnwrapper.Unwrapped unwrapped) {
        if (!unwrapped.status().wasEncrypted()) {
            return report;
        }
        String clear = unwrapped.outerSubject() == null ? "" : unwrapped.outerSubject();
        if (clear.equals(report.subject())) {
            return report;
        }
        return new ParsedReport(report.messageId(), report.inReplyTo(), report.references(), clear,
                report.fromAddress(), report.fromName(), report.returnPath(), report.sentAt(), report.bodyText(),
                report.attachments(), report.robotHeaders(), report.warnings());
    }

    /** Signers are looked up among reporters' keys first, then the team's own (a colleague forwarding). */
    private static CertificateSource combined(TeamKeys team, ReporterKeys reporterKeys) {
        return id -> {
            Optional<OpenPGPCertificate> reporter = reporterKeys.find(id);
            if (reporter.isPresent()) {
                return reporter;
            }
            return team.certificates().stream().filter(c -> c.getKey(id) != null).findFirst();
        };
    }
}
