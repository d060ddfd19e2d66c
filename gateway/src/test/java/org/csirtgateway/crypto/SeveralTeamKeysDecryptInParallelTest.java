package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.csirtgateway.testing.Gpg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With key rotation the team holds several secret keys, and intake decrypts a batch's messages on every core at once.
 * Every message that a team key opens must open, whatever else is in its batch: messages to each of three keys (RSA-3072
 * and two Curve25519), a third of them to hidden recipients (GnuPG's --hidden-recipient), mixed in every batch. Each
 * batch meets keys loaded afresh from their files, as the first batch after a gateway start does: keys nothing has used
 * yet, which is when threads sharing them could disturb each other.
 */
class SeveralTeamKeysDecryptInParallelTest {

    private static final int ROUNDS = 10;
    private static final int MESSAGES = 1_000;
    private static final int BATCH = 50;
    private static final int PER_KEY = 20;

    @TempDir
    static Path dir;

    private static List<Path> keyFiles;
    private static String reporter;
    private static final List<Sample> SAMPLES = new ArrayList<>();
    private static ExecutorService cores;

    /** One GnuPG-made message: which key it was encrypted to, whether to a hidden recipient or signed, what it says. */
    private record Sample(String key, boolean hidden, boolean signed, byte[] ciphertext, String marker) {
    }

    @BeforeAll
    static void gnupgMakesKeysAndMessages() throws Exception {
        assumeTrue(Gpg.available(), "gpg is not installed");
        Gpg gpg = Gpg.in(dir);
        List<String> kinds = List.of("rsa3072", "25519", "25519");
        keyFiles = new ArrayList<>();
        List<String> teamFingerprints = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            String userId = "CSIRT key " + k + " <csirt-" + k + "@example.org>";
            teamFingerprints.add(gpg.generateKey(userId, kinds.get(k)));
            keyFiles.add(Files.writeString(dir.resolve("team-" + k + ".sec.asc"), gpg.exportSecret(userId)));
        }
        gpg.generateKey("Reporter <reporter@example.net>", "25519");
        reporter = gpg.exportPublic("Reporter <reporter@example.net>");
        for (int k = 0; k < kinds.size(); k++) {
            for (int i = 0; i < PER_KEY; i++) {
                boolean hidden = i % 3 == 0;
                String marker = "report " + k + "-" + i + " about login-" + i + ".example";
                List<String> args = new ArrayList<>(List.of("--armor", "--trust-model", "always", "--encrypt"));
                args.addAll(List.of(hidden ? "--hidden-recipient" : "--recipient", teamFingerprints.get(k)));
                boolean signed = i % 2 == 0;
                if (signed) {
                    args.addAll(List.of("--sign", "--local-user", "reporter@example.net"));
                }
                byte[] ciphertext = gpg.run((marker + "\n").repeat(20).getBytes(StandardCharsets.UTF_8),
                        args.toArray(String[]::new));
                SAMPLES.add(new Sample(kinds.get(k) + "#" + k, hidden, signed, ciphertext, marker));
            }
        }
        cores = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @AfterAll
    static void stopCores() {
        if (cores != null) {
            cores.shutdownNow();
        }
    }

    @Test
    void everyMessageToAnyTeamKeyOpensInParallelBatchesTenTimesOver() throws Exception {
        Map<String, Integer> failures = new TreeMap<>();
        int opened = 0;
        Random random = new Random(42);
        for (int round = 0; round < ROUNDS; round++) {
            List<Sample> delivery = new ArrayList<>(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                delivery.add(SAMPLES.get(i % SAMPLES.size()));
            }
            Collections.shuffle(delivery, random);
            for (int from = 0; from < MESSAGES; from += BATCH) {
                PgpMessages messages = new PgpMessages(TeamKeys.load(keyFiles, new char[0]),
                        SeveralTeamKeysDecryptInParallelTest::reporterKey, PgpLimits.DEFAULT);
                List<Future<String>> batch = new ArrayList<>(BATCH);
                for (Sample sample : delivery.subList(from, Math.min(MESSAGES, from + BATCH))) {
                    batch.add(cores.submit(() -> problemWith(messages, sample)));
                }
                for (Future<String> result : batch) {
                    String problem = result.get();
                    if (problem == null) {
                        opened++;
                    } else {
                        failures.merge(problem, 1, Integer::sum);
                    }
                }
            }
        }

        assertThat(failures).as("failures by key, recipient and reason").isEmpty();
        assertThat(opened).isEqualTo(ROUNDS * MESSAGES);
    }

    @Test
    void theMessagesMixEveryKeyAndHiddenRecipients() {
        assumeTrue(!SAMPLES.isEmpty());
        assertThat(SAMPLES.stream().map(Sample::key).distinct()).hasSize(3);
        assertThat(SAMPLES.stream().filter(Sample::hidden).count()).isEqualTo(3L * ((PER_KEY + 2) / 3));
    }

    /** Like the reporter key store: a certificate read afresh for each lookup. */
    private static Optional<OpenPGPCertificate> reporterKey(KeyIdentifier id) {
        try {
            OpenPGPCertificate certificate = new OpenPGPKeyReader().parseCertificate(reporter);
            return certificate.getKey(id) != null ? Optional.of(certificate) : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Null when the message opened with its content and (if signed) a good signature; else what went wrong. */
    private static String problemWith(PgpMessages messages, Sample sample) {
        PgpMessages.Opened opened = messages.open(sample.ciphertext());
        String where = sample.key() + (sample.hidden() ? " hidden" : "") + ": ";
        if (!opened.readable()) {
            return where + opened.detail();
        }
        if (!new String(opened.plaintext(), StandardCharsets.UTF_8).contains(sample.marker())) {
            return where + "wrong content";
        }
        String expected = sample.signed() ? CryptoStatus.GOOD : CryptoStatus.NONE;
        if (!opened.signature().state().equals(expected)) {
            return where + "signature " + opened.signature().state() + " " + opened.signature().detail();
        }
        return null;
    }
}
