package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyGenerator;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.store.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reporters' keys in a real SQLite database. Threat: anyone can attach a key claiming a reporter's address; such a key
 * must never be encrypted to (our reply would go to the impostor's key) until an analyst marks it trusted. A key
 * claiming the team's own address, or an address the report was not sent from, is not collected at all; a second key
 * for an address is kept beside the first and both are shown as conflicting.
 */
class ReporterKeysTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final String TEAM = "csirt@team.example";
    private static final String MAILBOX = "intake@team.example";
    private static final String RITA = "rita@reporter.example";

    @TempDir
    Path dir;
    private Database database;
    private ReporterKeys keys;
    private GatewayMetrics metrics;
    private final OpenPGPCertificate alice = PgpFixtures.certificate("reporter.pub.asc");

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("gateway.db"));
        metrics = new GatewayMetrics();
        keys = new ReporterKeys(database, Set.of(TEAM, "Intake@Team.Example"), metrics);
    }

    @Test
    void keyAttachedToAReportIsCollectedUnverifiedAndNotUsedForEncryption() {
        database.inTransaction(connection -> keys.collect(connection,
                List.of(PgpFixtures.bytes("reporter.pub.asc")), "alice@reporter.example", NOW));

        ReporterKeys.KeyRow row = keys.list().get(0);
        assertThat(row.source()).isEqualTo(ReporterKeys.ATTACHED);
        assertThat(row.seenFrom()).isEqualTo("alice@reporter.example");
        assertThat(row.trusted()).isFalse();
        assertThat(row.conflictsFor()).isEmpty();
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
                List.of(PgpFixtures.bytes("reporter.pub.asc")), "Alice <alice@reporter.example>", NOW));

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

    @Test
    void aKeyAttachedForTheTeamsOwnAddressIsNeverCollected() throws Exception {
        byte[] forTeam = armored(key("Example CSIRT <CSIRT@team.example>"));
        byte[] forMailbox = armored(key(MAILBOX));

        List<String> stored = collect(List.of(forTeam, forMailbox), "Example CSIRT <csirt@team.example>");

        assertThat(stored).isEmpty();
        assertThat(keys.list()).isEmpty();
        assertThat(skipped(ReporterKeys.SKIPPED_OWN_ADDRESS)).isEqualTo(2);
    }

    @Test
    void aSendersKeyThatAlsoClaimsTheTeamsAddressIsNeverCollected() throws Exception {
        byte[] both = armored(key(RITA, "Example CSIRT <" + TEAM + ">"));

        assertThat(collect(List.of(both), RITA)).isEmpty();

        assertThat(keys.list()).isEmpty();
        assertThat(trustedFor(TEAM)).isEmpty();
    }

    @Test
    void aKeyForAnAddressTheReportWasNotSentFromIsNotCollected() throws Exception {
        byte[] victims = armored(key("Victor Victim <victor@victim.example>"));

        assertThat(collect(List.of(victims), "Mallory <mallory@evil.example>")).isEmpty();
        assertThat(collect(List.of(victims), null)).isEmpty();

        assertThat(keys.list()).isEmpty();
        assertThat(skipped(ReporterKeys.SKIPPED_NOT_SENDER)).isEqualTo(2);
    }

    @Test
    void aSendersKeyIsRecordedOnlyUnderTheSendersAddressNotUnderOthersItNames() throws Exception {
        byte[] twoAddresses = armored(key(RITA, "Victor <victor@victim.example>"));

        assertThat(collect(List.of(twoAddresses), RITA)).hasSize(1);

        String fingerprint = keys.list().get(0).fingerprint();
        keys.setTrusted(fingerprint, true, "analyst", NOW);
        assertThat(trustedFor(RITA)).isPresent();
        assertThat(trustedFor("victor@victim.example")).isEmpty();
    }

    @Test
    void theSendersAddressIsComparedInsideTheNameWithTheDomainInAnyCase() throws Exception {
        byte[] ritas = armored(key("Rita Reporter <rita@reporter.example>"));

        assertThat(collect(List.of(ritas), "\"Reporter, Rita\" <rita@REPORTER.Example>")).hasSize(1);
        assertThat(collect(List.of(armored(key("Rita <rita@reporter.example>"))), "RITA@reporter.example"))
                .as("the local part is compared exactly").isEmpty();
    }

    @Test
    void aSecondKeyForOneAddressIsKeptAndBothAreShownAsConflicting() throws Exception {
        String first = collect(List.of(armored(key(RITA))), RITA).get(0);
        String second = collect(List.of(armored(key("Rita (new laptop) <" + RITA + ">"))), RITA).get(0);

        assertThat(keys.list()).extracting(ReporterKeys.KeyRow::fingerprint).containsExactlyInAnyOrder(first, second);
        assertThat(keys.list()).allSatisfy(row -> {
            assertThat(row.conflictsFor()).containsExactly(RITA);
            assertThat(row.findings()).containsExactly(Finding.of(ReporterKeys.CONFLICT, RITA));
        });
    }

    @Test
    void anImpostorsKeyForATrustedAddressIsShownAsConflictingAndRepliesStillGoToTheTrustedKey() throws Exception {
        String genuine = keys.importKeys(armored(key(RITA)), ReporterKeys.IMPORTED, null, NOW).get(0);
        keys.setTrusted(genuine, true, "analyst", NOW);

        String impostor = collect(List.of(armored(key("Rita <" + RITA + ">"))), RITA).get(0);

        assertThat(keys.list()).filteredOn(row -> row.fingerprint().equals(impostor)).singleElement()
                .satisfies(row -> assertThat(row.conflictsFor()).containsExactly(RITA));
        assertThat(trustedFor(RITA))
                .hasValueSatisfying(c -> assertThat(Fingerprints.hex(c.getFingerprint())).isEqualTo(genuine));
    }

    @Test
    void repliesAreEncryptedOnlyToAnUnambiguousTrustedKeyTheOneTrustedMostRecently() throws Exception {
        String older = keys.importKeys(armored(key(RITA)), ReporterKeys.IMPORTED, null, NOW).get(0);
        String newer = keys.importKeys(armored(key(RITA)), ReporterKeys.IMPORTED, null, NOW.plusSeconds(60)).get(0);
        assertThat(trustedFor(RITA)).as("neither is trusted yet").isEmpty();

        keys.setTrusted(newer, true, "analyst", NOW);
        keys.setTrusted(older, true, "analyst", NOW);
        assertThat(trustedFingerprint()).as("the older key, trusted last").isEqualTo(older);

        keys.setTrusted(newer, true, "analyst", NOW);
        assertThat(trustedFingerprint()).as("trusted again, so trusted last").isEqualTo(newer);

        keys.setTrusted(newer, false, "analyst", NOW);
        assertThat(trustedFingerprint()).as("the one still trusted").isEqualTo(older);
    }

    private Optional<OpenPGPCertificate> trustedFor(String address) {
        return database.read(c -> keys.trustedFor(c, address));
    }

    private String trustedFingerprint() {
        return trustedFor(RITA).map(c -> Fingerprints.hex(c.getFingerprint())).orElse(null);
    }

    private List<String> collect(List<byte[]> blocks, String from) {
        return database.inTransaction(connection -> keys.collect(connection, blocks, from, NOW));
    }

    private long skipped(String reason) {
        return metrics.registry().scrape().lines()
                .filter(line -> line.startsWith("csirt_attached_keys_skipped_total{reason=\"" + reason + "\"}"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A fresh Ed25519/X25519 key with {@code userIds}, each self-certified, made by Bouncy Castle. */
    private static org.bouncycastle.openpgp.api.OpenPGPKey key(String... userIds) throws PGPException {
        OpenPGPKeyGenerator.WithPrimaryKey builder = new BcOpenPGPApi().generateKey(PublicKeyPacket.VERSION_4,
                new Date(System.currentTimeMillis() - 60_000), false).withPrimaryKey();
        for (String userId : userIds) {
            builder = builder.addUserId(userId);
        }
        return builder.addEncryptionSubkey().build();
    }

    private static byte[] armored(org.bouncycastle.openpgp.api.OpenPGPKey key) throws IOException {
        return key.toCertificate().toAsciiArmoredString().getBytes(StandardCharsets.US_ASCII);
    }
}
