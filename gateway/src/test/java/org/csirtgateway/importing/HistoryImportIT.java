package org.csirtgateway.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.HexFormat;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.intake.AckMode;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing the real-world corpus (sisimai's mbox files and its folders of bounces and reports) loses nothing: every
 * message read ends as a ticket or in quarantine with a reason, nothing is acknowledged, and importing again
 * creates nothing new.
 */
class HistoryImportIT {

    @TempDir
    Path dataDir;

    @Test
    void everyCorpusMessageEndsTicketedOrQuarantinedWithAReasonAndNoneIsAcknowledged() throws Exception {
        List<Path> paths = List.of(Corpus.dir("sisimai-mailbox"), Corpus.dir("sisimai-maildir"));
        ImportPlan plan = ImportPlan.of(paths);
        Set<String> expectedContent = contentHashes(plan);
        assertThat(plan.messageCount()).as("messages in the corpus folders").isGreaterThan(800);

        ImportSummary first;
        try (GatewayCore intake = DataDirectories.open(dataDir)) {
            first = new MailImporter(intake.pipeline(), intake.database(), "import").run(plan, ImportProgress.NONE);

            var database = intake.database();
            long rawRows = count(database, "SELECT COUNT(*) FROM raw_messages");
            Set<String> keptContent = new HashSet<>(strings(database, "SELECT sha256 FROM raw_messages"));
            assertThat(keptContent).as("every distinct message is kept").isEqualTo(expectedContent);
            assertThat(rawRows + first.duplicates()).as("kept + identical copies = messages read")
                    .isEqualTo(plan.messageCount());
            assertThat(first.imported() + first.quarantined().size()).isEqualTo(rawRows);
            assertThat(first.pending()).isZero();
            assertThat(count(database, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined' AND (failure IS NULL OR failure = '')"))
                    .as("quarantined without a reason").isZero();
            assertThat(count(database, """
                    SELECT COUNT(*) FROM raw_messages r WHERE state = 'processed'
                       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.raw_id = r.id)"""))
                    .as("processed without a message on a ticket").isZero();
            assertThat(count(database, "SELECT COUNT(*) FROM outbox")).as("outbox rows").isZero();
            assertThat(strings(database, "SELECT DISTINCT reason FROM acknowledgement_decisions")).containsExactly(AckMode.IMPORTED_REASON);
            assertThat(count(database, "SELECT COUNT(*) FROM tickets")).isPositive();
            assertThat(first.skippedFiles()).extracting(skipped -> skipped.path().getFileName().toString())
                    .contains("size-0", "size-1", "size-2", "SOURCE", "LICENSE.source");
        }

        try (GatewayCore intake = DataDirectories.open(dataDir)) {
            long rawBefore = count(intake.database(), "SELECT COUNT(*) FROM raw_messages");
            ImportSummary again = new MailImporter(intake.pipeline(), intake.database(), "import")
                    .run(ImportPlan.of(paths), ImportProgress.NONE);
            assertThat(again.imported()).isZero();
            assertThat(again.quarantined()).isEmpty();
            assertThat(again.duplicates()).isEqualTo(plan.messageCount());
            assertThat(count(intake.database(), "SELECT COUNT(*) FROM raw_messages"))
                    .isEqualTo(rawBefore);
        }
    }

    private static long count(org.csirtgateway.store.Database database, String sql) {
        Long value = database.read(connection -> Sql.count(connection, sql));
        return value;
    }

    private static List<String> strings(org.csirtgateway.store.Database database, String sql) {
        List<String> values = database.read(connection -> Sql.list(connection, sql, row -> row.getString(1)));
        return values;
    }

    private static Set<String> contentHashes(ImportPlan plan) throws IOException {
        Set<String> hashes = new HashSet<>();
        for (ImportPlan.Item item : plan.items()) {
            if (item instanceof ImportPlan.Mbox mbox) {
                try (MboxReader reader = new MboxReader(mbox.path())) {
                    while (reader.hasNext()) {
                        MessageDigest digest = sha256();
                        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                            reader.copyNext(out);
                        }
                        hashes.add(HexFormat.of().formatHex(digest.digest()));
                    }
                }
            } else {
                MessageDigest digest = sha256();
                try (InputStream in = Files.newInputStream(item.path());
                     OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                    in.transferTo(out);
                }
                hashes.add(HexFormat.of().formatHex(digest.digest()));
            }
        }
        return hashes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
