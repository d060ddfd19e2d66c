package org.csirtgateway.intake;

import org.csirtgateway.search.Reindexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import org.csirtgateway.OfflineIntake;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search index is rebuilt from the database when it is missing or damaged, so it never has to be backed up. */
class IndexRebuildAtStartTest {

    @TempDir
    Path data;

    @Test
    void aMissingIndexIsRebuiltFromTheDatabaseAtOpen() throws Exception {
        keepTwoReports();
        deleteRecursively(data.resolve("index"));

        try (ReportIndex index = Reindexer.openOrRebuild(data.resolve("index"),
                Database.open(data.resolve("gateway.db")))) {
            assertThat(index.messageCount()).isEqualTo(2);
            assertThat(index.search("subject:defacement", 10, 0).totalTickets()).isEqualTo(1);
        }
    }

    @Test
    void aCorruptIndexIsMovedAsideAndRebuilt() throws Exception {
        keepTwoReports();
        try (Stream<Path> files = Files.list(data.resolve("index"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }

        try (ReportIndex index = Reindexer.openOrRebuild(data.resolve("index"),
                Database.open(data.resolve("gateway.db")))) {
            assertThat(index.messageCount()).isEqualTo(2);
        }
        try (Stream<Path> siblings = Files.list(data)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("index.corrupt-"));
        }
    }

    @Test
    void anIndexLackingMessagesAfterAnUncleanStopIsCompletedAtOpen() throws Exception {
        keepTwoReports();
        try (ReportIndex index = ReportIndex.open(data.resolve("index"))) {
            index.deleteAll();
            index.commit();
        }

        try (ReportIndex index = Reindexer.openOrRebuild(data.resolve("index"),
                Database.open(data.resolve("gateway.db")))) {
            assertThat(index.messageCount()).isEqualTo(2);
        }
    }

    @Test
    void deferredCommitsMakeMessagesSearchableWhenTheSchedulerCommits() throws Exception {
        keepTwoReports();
        try (ReportIndex index = ReportIndex.open(data.resolve("index"))) {
            IndexCommits commits = IndexCommits.deferred(index);
            index.deleteAll();
            commits.changed();
            assertThat(index.messageCount()).as("before the scheduled commit").isEqualTo(2);
            commits.commitIfChanged();
            assertThat(index.messageCount()).as("after it").isZero();
        }
    }

    @Test
    void rebuildReplacesWhatTheIndexHeld() throws Exception {
        keepTwoReports();
        Database database = Database.open(data.resolve("gateway.db"));
        try (ReportIndex index = ReportIndex.open(data.resolve("index"))) {
            assertThat(new Reindexer(database).rebuild(index, Reindexer.Progress.NONE)).isEqualTo(2);
            assertThat(new Reindexer(database).rebuild(index, Reindexer.Progress.NONE)).isEqualTo(2);
            assertThat(index.messageCount()).isEqualTo(2);
        }
    }

    @Test
    void aRebuiltIndexFindsForwardedEvidenceAndStoredIndicatorsLikeTheOriginalOne() throws Exception {
        String raw = """
                From: victim@example.org\r
                Subject: Fwd: your account\r
                Message-ID: <fwd-1@example.org>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b"\r
                \r
                --b\r
                Content-Type: text/plain\r
                \r
                I think this is phishing.\r
                --b\r
                Content-Type: message/rfc822\r
                \r
                From: Bank Security <security@phish.example>\r
                Subject: Verify your account now\r
                \r
                Log in at hxxp://login-bank[.]com/ from 198.51.100.77 before Friday.\r
                --b--\r
                """;
        try (OfflineIntake intake = new OfflineIntake(data, "CSIRT#", Clock.systemUTC())) {
            long id = intake.pipeline().keep("csirt", "test:fwd",
                    out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out))
                    .orElseThrow();
            intake.pipeline().process(id, AckMode.NEVER);
        }
        deleteRecursively(data.resolve("index"));

        try (ReportIndex index = Reindexer.openOrRebuild(data.resolve("index"),
                Database.open(data.resolve("gateway.db")))) {
            assertThat(index.search("Friday", 10, 0).totalTickets()).as("forwarded text").isEqualTo(1);
            assertThat(index.search("\"Verify your account now\"", 10, 0).totalTickets()).as("forwarded Subject")
                    .isEqualTo(1);
            assertThat(index.search("ip:198.51.100.77", 10, 0).totalTickets()).as("stored indicator").isEqualTo(1);
        }
    }

    private void keepTwoReports() throws Exception {
        try (OfflineIntake intake = new OfflineIntake(data, "CSIRT#", Clock.systemUTC())) {
            int n = 0;
            for (String subject : new String[] {"Defacement of www", "Open resolver"}) {
                n++;
                String raw = "From: r@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <i" + n
                        + "@example.org>\r\n\r\nbody\r\n";
                long id = intake.pipeline().keep("csirt", "test:" + n,
                        out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out))
                        .orElseThrow();
                intake.pipeline().process(id, AckMode.NEVER);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
