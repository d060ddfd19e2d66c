package org.csirtgateway.crypto;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reporters' public keys in the database: imported by an operator (CLI, UI) or collected from reports. A key that
 * arrived with a report is unverified (anyone can attach a key claiming any name) until an analyst marks it trusted;
 * only trusted keys are encrypted to. Every known key is used to check signatures, and the status names the key, so
 * the analyst decides what a signature by an unverified key is worth.
 *
 * <p>A key attached to a report is collected only when one of its self-certified user IDs has the report's sender
 * address, and never when any of its user IDs claims one of the team's own addresses (the impostor's key would
 * otherwise be listed as ours, or as some third party's). A skipped key is logged by fingerprint and counted. When two
 * keys (different fingerprints) are on record for one address, both are kept and each is listed with a
 * {@value #CONFLICT} finding naming the address; replies still go only to a trusted key (see {@link #trustedFor}).
 */
public final class ReporterKeys implements CertificateSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReporterKeys.class);

    public static final String IMPORTED = "imported";
    public static final String ATTACHED = "attached";

    /** The finding code on a key one of whose addresses another key on record has too; its parameter: the address. */
    public static final String CONFLICT = "key-conflict";
    /** Why an attached key was not collected: it claims one of the team's own addresses, or came from one. */
    public static final String SKIPPED_OWN_ADDRESS = "own-address";
    /** Why an attached key was not collected: none of its self-certified user IDs has the sender's address. */
    public static final String SKIPPED_NOT_SENDER = "not-sender";

    private static final Pattern ADDRESS = Pattern.compile("<([^<>@\\s]+@[^<>@\\s]+)>|^([^<>@\\s]+@[^<>@\\s]+)$");

    private final Database database;
    private final Set<String> ownAddresses;
    private final GatewayMetrics metrics;

    /**
     * Reporters' keys as the intake collects them.
     *
     * @param ownAddresses the team's own addresses (its point of contact and the mailboxes it receives on), in any
     *                     case: a key claiming any of them is never collected from a report
     * @param metrics      where skipped keys are counted
     */
    public ReporterKeys(Database database, Set<String> ownAddresses, GatewayMetrics metrics) {
        this.database = database;
        this.ownAddresses = ownAddresses.stream().filter(a -> a != null && !a.isBlank())
                .map(a -> a.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.metrics = metrics;
    }

    /**
     * Reporters' keys for the tools that list, import and mark them (command line, admin UI). It knows none of the
     * team's own addresses, so reports are collected only through the instance the gateway core builds.
     */
    public ReporterKeys(Database database) {
        this(database, Set.of(), new GatewayMetrics());
    }

    /**
     * One stored key, for listing.
     *
     * @param conflictsFor the addresses of this key that another key on record (a different fingerprint) has too
     */
    public record KeyRow(String fingerprint, List<String> userIds, String source, String seenFrom, boolean trusted,
                         String trustedBy, Instant addedAt, List<String> conflictsFor) {

        public KeyRow {
            conflictsFor = conflictsFor == null ? List.of() : List.copyOf(conflictsFor);
        }

        /** What the analyst is shown about this key: one {@value #CONFLICT} finding per conflicting address. */
        public List<Finding> findings() {
            return conflictsFor.stream().map(address -> Finding.of(CONFLICT, address)).toList();
        }
    }

    /**
     * Imports every certificate in {@code data} (armored or binary) under the addresses of all its user IDs; returns
     * their fingerprints. An operator's import is deliberate, so it is not limited as {@link #collect} is.
     */
    public List<String> importKeys(byte[] data, String source, String seenFrom, Instant now) {
        List<OpenPGPCertificate> certificates = parse(data);
        return database.inTransaction(connection -> {
            List<String> fingerprints = new ArrayList<>();
            for (OpenPGPCertificate certificate : certificates) {
                fingerprints.add(store(connection, certificate, source, seenFrom, now,
                        addresses(userIds(certificate))));
            }
            return fingerprints;
        });
    }

    /**
     * Collects the keys that arrived with a report, inside the intake transaction; returns the fingerprints
     * collected. A key is collected only when one of its self-certified user IDs has the sender's address (the local
     * part exactly, the domain in any case), and it is recorded under that address alone: a report speaks for its
     * sender, not for other addresses its key may name. A key any of whose user IDs claims one of the team's own
     * addresses, or that came from one of them, is never collected. Skipped keys are logged by fingerprint (never
     * the key) and counted; unreadable blocks are skipped.
     *
     * @param fromAddress the report's From address, bare or as {@code Name <address>}; null collects nothing
     */
    public List<String> collect(Connection connection, List<byte[]> blocks, String fromAddress, Instant now)
            throws SQLException {
        String sender = fromAddress == null ? null : address(fromAddress);
        List<String> stored = new ArrayList<>();
        for (byte[] block : blocks) {
            List<OpenPGPCertificate> certificates;
            try {
                certificates = parse(block);
            } catch (TeamKeys.KeyException e) {
                continue;
            }
            for (OpenPGPCertificate certificate : certificates) {
                String fingerprint = Fingerprints.hex(certificate.getFingerprint());
                boolean ours = (sender != null && ownAddresses.contains(sender.toLowerCase(Locale.ROOT)))
                        || addresses(userIds(certificate)).stream().anyMatch(ownAddresses::contains);
                if (ours) {
                    skipped(fingerprint, sender, SKIPPED_OWN_ADDRESS);
                } else if (sender == null || !hasValidUserIdFor(certificate, sender)) {
                    skipped(fingerprint, sender, SKIPPED_NOT_SENDER);
                } else {
                    String address = sender.toLowerCase(Locale.ROOT);
                    stored.add(store(connection, certificate, ATTACHED, fromAddress, now, Set.of(address)));
                    List<String> others = Sql.list(connection, """
                                    SELECT fingerprint FROM pgp_key_addresses WHERE address = ? AND fingerprint <> ?
                                    ORDER BY fingerprint""", row -> row.getString(1), address, fingerprint);
                    if (!others.isEmpty()) {
                        LOG.info("Attached OpenPGP key {} conflicts with {} on record for {}: both kept, the "
                                + "conflict shown", fingerprint, String.join(", ", others), address);
                    }
                }
            }
        }
        return stored;
    }

    private void skipped(String fingerprint, String sender, String reason) {
        LOG.info("Attached OpenPGP key {} from {} not collected: {}", fingerprint, sender,
                reason.equals(SKIPPED_OWN_ADDRESS) ? "it claims one of the team's own addresses or came from one"
                        : "none of its user IDs has the sender's address");
        metrics.attachedKeySkipped(reason);
    }

    /** Whether a user ID with a valid self-certification has {@code address} (see {@link #sameAddress}). */
    private static boolean hasValidUserIdFor(OpenPGPCertificate certificate, String address) {
        List<OpenPGPCertificate.OpenPGPUserId> valid;
        try {
            valid = certificate.getValidUserIds();
        } catch (RuntimeException e) {
            return false;
        }
        for (OpenPGPCertificate.OpenPGPUserId userId : valid) {
            String claimed = address(userId.getUserId());
            if (claimed != null && sameAddress(claimed, address)) {
                return true;
            }
        }
        return false;
    }

    /** Two addresses are one when their local parts are equal and their domains equal in any case. */
    static boolean sameAddress(String a, String b) {
        int atA = a.lastIndexOf('@');
        int atB = b.lastIndexOf('@');
        return atA > 0 && atB > 0 && a.substring(0, atA).equals(b.substring(0, atB))
                && a.substring(atA + 1).equalsIgnoreCase(b.substring(atB + 1));
    }

    public static List<OpenPGPCertificate> parse(byte[] data) {
        try {
            List<OpenPGPCertificate> certificates = new OpenPGPKeyReader().parseKeysOrCertificates(data);
            if (certificates.isEmpty()) {
                throw new TeamKeys.KeyException("No OpenPGP public key found", null);
            }
            return certificates.stream().map(c -> c.isSecretKey()
                    ? ((org.bouncycastle.openpgp.api.OpenPGPKey) c).toCertificate() : c).toList();
        } catch (IOException | RuntimeException e) {
            if (e instanceof TeamKeys.KeyException keyException) {
                throw keyException;
            }
            throw new TeamKeys.KeyException("Not a readable OpenPGP public key: paste an armored block (-----BEGIN PGP "
                    + "PUBLIC KEY BLOCK-----) or upload the key file", e);
        }
    }

    /** Stores one certificate, merged with the copy on record, and records it under {@code addresses}. */
    private static String store(Connection connection, OpenPGPCertificate certificate, String source,
                                String seenFrom, Instant now, Set<String> addresses) throws SQLException {
        String fingerprint = Fingerprints.hex(certificate.getFingerprint());
        Optional<String> existing = Sql.one(connection, "SELECT armored FROM pgp_keys WHERE fingerprint = ?",
                row -> row.getString(1), fingerprint);
        OpenPGPCertificate merged = certificate;
        if (existing.isPresent()) {
            try {
                merged = OpenPGPCertificate.join(new OpenPGPKeyReader().parseCertificate(existing.get()),
                        certificate);
            } catch (IOException | PGPException | RuntimeException e) {
                merged = certificate; // an unmergeable update replaces nothing that matters more than itself
            }
        }
        String armored;
        try {
            armored = merged.toAsciiArmoredString();
        } catch (IOException e) {
            throw new TeamKeys.KeyException("Cannot armor key " + fingerprint, e);
        }
        List<String> userIds = userIds(merged);
        if (existing.isPresent()) {
            // An attached copy never changes where an imported key came from or its trust.
            String newSource = source.equals(IMPORTED) ? IMPORTED : null;
            Sql.update(connection, """
                    UPDATE pgp_keys SET armored = ?, user_ids = ?, updated_at = ?,
                           source = COALESCE(?, source)
                    WHERE fingerprint = ?""", armored, String.join("\n", userIds), now, newSource, fingerprint);
        } else {
            Sql.update(connection, """
                    INSERT INTO pgp_keys (fingerprint, armored, user_ids, source, seen_from, trusted, added_at,
                                          updated_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)""", fingerprint, armored, String.join("\n", userIds), source,
                    seenFrom, now, now);
        }
        for (String address : addresses) {
            Sql.update(connection, """
                    INSERT INTO pgp_key_addresses (address, fingerprint) VALUES (?, ?)
                    ON CONFLICT (address, fingerprint) DO NOTHING""", address, fingerprint);
        }
        for (KeyIdentifier id : merged.getAllKeyIdentifiers()) {
            Sql.update(connection, """
                    INSERT INTO pgp_key_ids (key_id, fingerprint) VALUES (?, ?)
                    ON CONFLICT (key_id, fingerprint) DO NOTHING""", keyIdHex(id), fingerprint);
        }
        return fingerprint;
    }

    /**
     * Marks a key trusted (or not). A key marked trusted becomes the latest trusted one, which is the key replies go
     * to when another trusted key has one of its addresses (see {@link #trustedFor}). Returns false when no key has
     * that fingerprint.
     */
    public boolean setTrusted(String fingerprint, boolean trusted, String by, Instant now) {
        String normalised = normalise(fingerprint);
        return database.inTransaction(connection -> Sql.update(connection, """
                        UPDATE pgp_keys SET trusted = ?, trusted_by = ?, updated_at = ?,
                               trust_sequence = CASE WHEN ? = 1
                                   THEN (SELECT COALESCE(MAX(p.trust_sequence), 0) + 1 FROM pgp_keys p) END
                        WHERE fingerprint = ?""",
                trusted ? 1 : 0, trusted ? by : null, now, trusted ? 1 : 0, normalised)) > 0;
    }

    /** Every key, newest first, each with the addresses another key on record has too. */
    public List<KeyRow> list() {
        return database.read(connection -> {
            Map<String, List<String>> conflicts = new HashMap<>();
            for (String[] pair : Sql.list(connection, """
                            SELECT a.fingerprint, a.address FROM pgp_key_addresses a
                            WHERE EXISTS (SELECT 1 FROM pgp_key_addresses b
                                           WHERE b.address = a.address AND b.fingerprint <> a.fingerprint)
                            ORDER BY a.address""",
                    row -> new String[] {row.getString(1), row.getString(2)})) {
                conflicts.computeIfAbsent(pair[0], f -> new ArrayList<>()).add(pair[1]);
            }
            return Sql.list(connection, """
                            SELECT fingerprint, user_ids, source, seen_from, trusted, trusted_by, added_at
                            FROM pgp_keys ORDER BY added_at DESC, fingerprint""",
                    row -> new KeyRow(row.getString("fingerprint"), List.of(row.getString("user_ids").split("\n")),
                            row.getString("source"), row.getString("seen_from"), row.getInt("trusted") == 1,
                            row.getString("trusted_by"), Sql.instant(row, "added_at"),
                            conflicts.getOrDefault(row.getString("fingerprint"), List.of())));
        });
    }

    /** A certificate that checks signatures, by key ID or fingerprint of any of its keys. */
    @Override
    public Optional<OpenPGPCertificate> find(KeyIdentifier id) {
        if (id == null || id.isWildcard()) {
            return Optional.empty();
        }
        try {
            Optional<String> armored = database.read(connection -> Sql.one(connection, """
                    SELECT k.armored FROM pgp_key_ids i JOIN pgp_keys k ON k.fingerprint = i.fingerprint
                    WHERE i.key_id = ? ORDER BY k.trusted DESC LIMIT 1""", row -> row.getString(1), keyIdHex(id)));
            return armored.map(ReporterKeys::certificate);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    /**
     * The trusted key for an address, for encrypting a reply. A key not marked trusted is never chosen, however many
     * are on record for the address. When several trusted keys have the address (each is listed as conflicting), the
     * one marked trusted most recently is chosen: the analyst's latest decision, never a pick at random. Marking the
     * other one trusted again makes it the chosen one; withdrawing trust from the chosen one falls back to the other.
     */
    public Optional<OpenPGPCertificate> trustedFor(Connection connection, String address) throws SQLException {
        if (address == null) {
            return Optional.empty();
        }
        return Sql.one(connection, """
                        SELECT k.armored FROM pgp_key_addresses a JOIN pgp_keys k ON k.fingerprint = a.fingerprint
                        WHERE a.address = ? AND k.trusted = 1
                        ORDER BY COALESCE(k.trust_sequence, 0) DESC, k.added_at DESC, k.fingerprint
                        LIMIT 1""",
                row -> row.getString(1), address.toLowerCase(Locale.ROOT)).map(ReporterKeys::certificate);
    }

    private static OpenPGPCertificate certificate(String armored) {
        try {
            return new OpenPGPKeyReader().parseCertificate(armored);
        } catch (IOException e) {
            throw new TeamKeys.KeyException("A stored key cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> userIds(OpenPGPCertificate certificate) {
        return certificate.getAllUserIds().stream().map(OpenPGPCertificate.OpenPGPUserId::getUserId).toList();
    }

    /** The addresses in {@code userIds}, lower case. */
    static Set<String> addresses(List<String> userIds) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String userId : userIds) {
            String address = address(userId);
            if (address != null) {
                addresses.add(address.toLowerCase(Locale.ROOT));
            }
        }
        return addresses;
    }

    /** The address in a user ID or header value ({@code Name <address>} or bare) as written, or null when none. */
    static String address(String userId) {
        Matcher matcher = ADDRESS.matcher(userId.strip());
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    static String keyIdHex(KeyIdentifier id) {
        return String.format("%016X", id.getKeyId());
    }

    private static String normalise(String fingerprint) {
        return fingerprint.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
