package org.csirtgateway.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPlanTest {

    @TempDir
    Path dir;

    @Test
    void maildirMessagesInCurAndNewAreReadAndTmpIsLeftAlone() throws IOException {
        Path maildir = dir.resolve("Maildir");
        write(maildir.resolve("cur/1700000000.1.host:2,S"), "Subject: seen\n\nx\n");
        write(maildir.resolve("new/1700000001.2.host"), "From is-not-a-separator-here\nSubject: new\n\nx\n");
        write(maildir.resolve("tmp/1700000002.3.host"), "Subject: half delivered\n");

        ImportPlan plan = ImportPlan.of(List.of(maildir));

        assertThat(plan.items()).extracting(item -> item.path().getFileName().toString())
                .containsExactly("1700000000.1.host:2,S", "1700000001.2.host");
        assertThat(plan.items()).allMatch(item -> item instanceof ImportPlan.MessageFile);
        assertThat(plan.skipped()).singleElement().satisfies(skipped ->
                assertThat(skipped.reason()).contains("tmp/"));
    }

    @Test
    void aFolderOfFilesTakesMboxAndEmlFilesAndSaysWhyOthersAreSkipped() throws IOException {
        write(dir.resolve("a.eml"), "Subject: a\n\nx\n");
        write(dir.resolve("archive.mbox"), "From x@y Mon Jan 1 00:00:00 2024\nSubject: 1\n\n1\n\n"
                + "From x@y Mon Jan 1 00:00:00 2024\nSubject: 2\n\n2\n");
        write(dir.resolve("LICENSE"), "BSD licence text\n");
        write(dir.resolve("empty"), "");

        ImportPlan plan = ImportPlan.of(List.of(dir));

        assertThat(plan.messageCount()).isEqualTo(3);
        assertThat(plan.skipped()).extracting(ImportPlan.Skipped::reason)
                .containsExactlyInAnyOrder(ImportPlan.NOT_MAIL,
                        "empty file");
    }

    @Test
    void filesOfAnyNameThatStartWithMailHeadersAreReadAndOtherTextIsSkippedWithAReason() throws IOException {
        Path backup = dir.resolve("backup");
        write(backup.resolve("1"), "Received: from mx.isp.example\n\tby mail.example; Mon, 1 Jan 2024\n"
                + "From: a@isp.example\nSubject: one\n\nx\n");
        write(backup.resolve("12345."), "Return-Path: <a@isp.example>\r\nSubject: two\r\n\r\nx\r\n");
        write(backup.resolve("1700000000.M1P2.host:2,S"), "\uFEFFFrom: a@isp.example\nSubject: three\n\nx\n");
        write(backup.resolve("notes.txt"), "Remember to rotate the team key.\nSubject: not a header block\n");
        write(backup.resolve("config.yaml"), "name: csirt\nversion: 2\n\nx\n");
        write(backup.resolve("2"), "From: a@isp.example\nthe text follows the headers directly\n");
        write(backup.resolve("3"), "ip,port,first seen\n192.0.2.1,3389,2024-01-01T00:00:00Z\n");

        ImportPlan plan = ImportPlan.of(List.of(backup));

        assertThat(plan.items()).extracting(item -> item.path().getFileName().toString())
                .containsExactly("1", "12345.", "1700000000.M1P2.host:2,S", "2");
        assertThat(plan.items()).allMatch(item -> item instanceof ImportPlan.MessageFile);
        assertThat(plan.skipped()).extracting(skipped -> skipped.path().getFileName().toString(),
                        ImportPlan.Skipped::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("3", ImportPlan.NOT_MAIL),
                        org.assertj.core.groups.Tuple.tuple("config.yaml", ImportPlan.NOT_MAIL),
                        org.assertj.core.groups.Tuple.tuple("notes.txt", ImportPlan.NOT_MAIL));
    }

    @Test
    void aFileNamedOnTheCommandLineIsOneMessageWhateverItsName() throws IOException {
        Path file = write(dir.resolve("report.txt"), "Subject: a\n\nx\n");
        assertThat(ImportPlan.of(List.of(file)).items()).singleElement()
                .isInstanceOf(ImportPlan.MessageFile.class);
    }

    @Test
    void aMissingPathIsAClearError() {
        assertThatThrownBy(() -> ImportPlan.of(List.of(dir.resolve("nope.mbox"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No such file or folder");
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
