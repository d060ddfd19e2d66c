package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.csirtgateway.store.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reporters' keys in a real SQLite database. Threat: anyone can attach a key claiming a reporter's address; such a key
 * must never be encrypted to (our reply would go to the impostor's key) until an analyst marks it trusted.
 */
class ReporterKeysTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dir;
    private Database database;
    private ReporterKeys keys;
    private final OpenPGPCertificate alice = PgpFixtures.certificate("reporter.pub.asc");

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("gateway.db"));
        keys = new ReporterKeys(database);
    }

    @Test
    void keyAttachedToAReportIsCollectedUnverifiedAndNotUsedForEncryption() {
        database.inTransaction(connection -> keys.collect(connection,
                List.of(PgpFixtures.bytes("reporter.pub.asc")), "mallory@evil.example", NOW));

        ReporterKeys.KeyRow row = keys.list().get(0);
        assertThat(row.source()).isEqualTo(ReporterKeys.ATTACHED);
        assertThat(row.seenFrom()).isEqualTo("mallory@evil.example");
        assertThat(row.trusted()).isFalse();
        Optional<OpenPGPCertificate> forReply = database.read(c -> keys.trustedFor(c, "alice@reporter.example"));
        assertThat(forReply).isEmpty();
    }

    @Test
    void trustedKeyIsFoundByTheAddressInItsUserIdForReplies() {
        String fingerprint = keys.importKeys(PgpFixtures.bytes("reporter.pub.asc"), ReporterKeys.IMPORTED, null, NOW)
                .get(0);

        keys.setTrusted(fingerprint.toLowerCase(), true, "analyst", NOW);

        Optional<OpenPGPCertificate> forReply = database.read(c -> keys.trustedFor(c, "Alice@Reporter.Example"));
        assertThat(forReply).hasValueSatisfying(c -> assertThat(c.getFingerprint()).isEqualTo(alice.getFingerprint()));
    }

    @Test
    void signersCertificateIsFoundByTheKeyIdOfAnyOfItsKeys() {
        keys.importKeys(PgpFixtures.bytes("reporter.pub.asc"), ReporterKeys.IMPORTED, null, NOW);

        for (var id : alice.getAllKeyIdentifiers()) {
            assertThat(keys.find(id)).as(id.toString()).isPresent();
        }
        assertThat(keys.find(PgpFixtures.certificate("stranger.pub.asc").getKeyIdentifier())).isEmpty();
    }

    @Test
    void theSameKeyAttachedAgainChangesNeitherItsTrustNorWhereItCameFrom() {
        String fingerprint = keys.importKeys(PgpFixtures.bytes("reporter.pub.asc"), ReporterKeys.IMPORTED, null, NOW)
                .get(0);
        keys.setTrusted(fingerprint, true, "analyst", NOW);

        database.inTransaction(connection -> keys.collect(connection,
                List.of(PgpFixtures.bytes("reporter.pub.asc")), "someone@else.example", NOW));

        ReporterKeys.KeyRow row = keys.list().get(0);
        assertThat(row.trusted()).isTrue();
        assertThat(row.source()).isEqualTo(ReporterKeys.IMPORTED);
        assertThat(keys.list()).hasSize(1);
    }

    @Test
    void unreadableAttachedKeyIsSkippedWithoutFailingTheReport() {
        List<String> stored = database.inTransaction(connection -> keys.collect(connection,
                List.of("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ngarbage\n-----END PGP PUBLIC KEY BLOCK-----"
                        .getBytes()), "x@example.org", NOW));

        assertThat(stored).isEmpty();
        assertThat(keys.list()).isEmpty();
    }
}
