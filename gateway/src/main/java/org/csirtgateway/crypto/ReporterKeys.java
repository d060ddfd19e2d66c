package org.csirtgateway.crypto;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.store.StoreException;

/**
 * Reporters' public keys in the database: imported by an operator (CLI, UI) or collected from reports. A key that
 * arrived with a report is unverified (anyone can attach a key claiming any name) until an analyst marks it trusted;
 * only trusted keys are encrypted to. Every known key is used to check signatures, and the status names the key, so
 * the analyst decides what a signature by an unverified key is worth.
 */
public final class ReporterKeys implements CertificateSource {

    public static final String IMPORTED = "imported";
    public static final String ATTACHED = "attached";

    private static final Pattern ADDRESS = Pattern.compile("<([^<>@\\s]+@[^<>@\\s]+)>|^([^<>@\\s]+@[^<>@\\s]+)$");

    private final Database database;

    public ReporterKeys(Database database) {
        this.database = database;
    }

    /** One stored key, for listing. */
    public record KeyRow(String fingerprint, List<String> userIds, String source, String seenFrom, boolean trusted,
                         String trustedBy, Instant addedAt) {
    }

    /** Imports every certificate in {@code data} (armored or binary); returns their fingerprints. */
    public List<String> importKeys(byte[] data, String source, String seenFrom, Instant now) {
        List<OpenPGPCertificate> certificates = parse(data);
        return database.inTransaction(connection -> store(connection, certificates, source, seenFrom, now));
    }

    /** Collects keys that arrived with a report, inside the intake transaction. Unreadable blocks are skipped. */
    public List<String> collect(Connection connection, List<byte[]> blocks, String seenFrom, Instant now)
            throws SQLException {
        List<String> stored = new ArrayList<>();
        for (byte[] block : blocks) {
            List<OpenPGPCertificate> certificates;
            try {
                certificates = parse(block);
            } catch (TeamKeys.KeyException e) {
                continue;
            }
            stored.addAll(store(connection, certificates, ATTACHED, seenFrom, now));
        }
        return stored;
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
            throw new TeamKeys.KeyException("Not a readable OpenPGP key: " + e.getMessage(), e);
        }
    }

    private static List<String> store(Connection connection, List<OpenPGPCertificate> certificates, String source,
                                      String seenFrom, Instant now) throws SQLException {
        List<String> fingerprints = new ArrayList<>();
        for (OpenPGPCertificate certificate : certificates) {
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
            List<String> userIds = certificate.getAllUserIds().stream().map(OpenPGPCertificate.OpenPGPUserId::getUserId)
                    .toList();
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
            for (String address : addresses(userIds)) {
                Sql.update(connection, "INSERT OR IGNORE INTO pgp_key_addresses (address, fingerprint) VALUES (?, ?)",
                        address, fingerprint);
            }
            for (KeyIdentifier id : merged.getAllKeyIdentifiers()) {
                Sql.update(connection, "INSERT OR IGNORE INTO pgp_key_ids (key_id, fingerprint) VALUES (?, ?)",
                        keyIdHex(id), fingerprint);
            }
            fingerprints.add(fingerprint);
        }
        return fingerprints;
    }

    /** Marks a key trusted (or not). Returns false when no key has that fingerprint. */
    public boolean setTrusted(String fingerprint, boolean trusted, String by, Instant now) {
        String normalised = normalise(fingerprint);
        return database.inTransaction(connection -> Sql.update(connection,
                "UPDATE pgp_keys SET trusted = ?, trusted_by = ?, updated_at = ? WHERE fingerprint = ?",
                trusted ? 1 : 0, trusted ? by : null, now, normalised)) > 0;
    }

    public List<KeyRow> list() {
        return database.read(connection -> Sql.list(connection, """
                        SELECT fingerprint, user_ids, source, seen_from, trusted, trusted_by, added_at
                        FROM pgp_keys ORDER BY added_at DESC, fingerprint""",
                row -> new KeyRow(row.getString("fingerprint"), List.of(row.getString("user_ids").split("\n")),
                        row.getString("source"), row.getString("seen_from"), row.getInt("trusted") == 1,
                        row.getString("trusted_by"), Sql.instant(row, "added_at"))));
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

    /** The trusted key for an address, for encrypting a reply; the most recently added when several. */
    public Optional<OpenPGPCertificate> trustedFor(Connection connection, String address) throws SQLException {
        if (address == null) {
            return Optional.empty();
        }
        return Sql.one(connection, """
                        SELECT k.armored FROM pgp_key_addresses a JOIN pgp_keys k ON k.fingerprint = a.fingerprint
                        WHERE a.address = ? AND k.trusted = 1 ORDER BY k.added_at DESC LIMIT 1""",
                row -> row.getString(1), address.toLowerCase(Locale.ROOT)).map(ReporterKeys::certificate);
    }

    private static OpenPGPCertificate certificate(String armored) {
        try {
            return new OpenPGPKeyReader().parseCertificate(armored);
        } catch (IOException e) {
            throw new TeamKeys.KeyException("A stored key cannot be read: " + e.getMessage(), e);
        }
    }

    static Set<String> addresses(List<String> userIds) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String userId : userIds) {
            Matcher matcher = ADDRESS.matcher(userId.strip());
            if (matcher.find()) {
                String address = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                addresses.add(address.toLowerCase(Locale.ROOT));
            }
        }
        return addresses;
    }

    static String keyIdHex(KeyIdentifier id) {
        return String.format("%016X", id.getKeyId());
    }

    private static String normalise(String fingerprint) {
        return fingerprint.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
