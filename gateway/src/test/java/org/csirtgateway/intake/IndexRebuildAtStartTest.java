package org.csirtgateway.intake;

import java.time.Clock;
import java.util.Map;

import org.csirtgateway.config.ConfigLoader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.index.ReportIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index is built anew from the archived originals when it is missing or damaged, so it never has to be
 * backed up; what a crash kept from it is due and finished.
 */
class IndexRebuildAtStartTest {

    @TempDir
    Path data;

    @Test
    void aMissingIndexIsRebuiltFromTheDatabaseAtOpen() throws Exception {
        keepTwoReports();
        deleteRecursively(data.resolve("index"));

        try (GatewayCore core = DataDirectories.open(data)) {
            ReportIndex index = core.index();
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

        try (GatewayCore core = DataDirectories.open(data)) {
            ReportIndex index = core.index();
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

        try (GatewayCore core = DataDirectories.open(data)) {
            ReportIndex index = core.index();
            assertThat(index.messageCount()).isEqualTo(2);
        }
    }

    @Test
    void anIndexStageIsDoneOnlyWhenTheScheduledCommitHasMadeTheEntryDurable() throws Exception {
        try (GatewayCore core = new GatewayCore(new ConfigLoader(Map.of()).forDataDirectory(data),
                Clock.systemUTC(), GatewayCore.Commits.SCHEDULED)) {
            long id = core.pipeline().keep("csirt", "test:1", out -> out.write(
                    "From: r@example.org\r\nSubject: Defacement\r\nMessage-ID: <d1@example.org>\r\n\r\nbody\r\n"
                            .getBytes(StandardCharsets.UTF_8))).orElseThrow();
            core.pipeline().process(id);
            assertThat(core.stagesDue().count(StagesDue.Stage.INDEX)).as("before the scheduled commit").isEqualTo(1);
            assertThat(core.stagesDue().count(StagesDue.Stage.TRIAGE)).as("triaged at once").isZero();
            assertThat(core.stagesDue().count(StagesDue.Stage.COMPARE)).as("compared at once").isZero();

            core.indexCommits().commitIfChanged();

            assertThat(core.stagesDue().count()).as("after it").isZero();
        }
    }

    @Test
    void reindexBuildsTheSameEntriesAgainFromTheOriginals() throws Exception {
        keepTwoReports();
        try (GatewayCore core = DataDirectories.open(data)) {
            assertThat(core.reindex(done -> { })).isEqualTo(2);
            assertThat(core.reindex(done -> { })).isEqualTo(2);
            assertThat(core.index().messageCount()).isEqualTo(2);
            assertThat(core.index().search("subject:defacement", 10, 0).totalTickets()).isEqualTo(1);
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
        try (GatewayCore intake = DataDirectories.open(data)) {
            long id = intake.pipeline().keep("csirt", "test:fwd",
                    out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out))
                    .orElseThrow();
            intake.pipeline().process(id);
        }
        deleteRecursively(data.resolve("index"));

        try (GatewayCore core = DataDirectories.open(data)) {
            ReportIndex index = core.index();
            assertThat(index.search("Friday", 10, 0).totalTickets()).as("forwarded text").isEqualTo(1);
            assertThat(index.search("\"Verify your account now\"", 10, 0).totalTickets()).as("forwarded Subject")
                    .isEqualTo(1);
            assertThat(index.search("ip:198.51.100.77", 10, 0).totalTickets()).as("stored indicator").isEqualTo(1);
        }
    }

    private void keepTwoReports() throws Exception {
        try (GatewayCore intake = DataDirectories.open(data)) {
            int n = 0;
            for (String subject : new String[] {"Defacement of www", "Open resolver"}) {
                n++;
                String raw = "From: r@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <i" + n
                        + "@example.org>\r\n\r\nbody\r\n";
                long id = intake.pipeline().keep("csirt", "test:" + n,
                        out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out))
                        .orElseThrow();
                intake.pipeline().process(id);
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
