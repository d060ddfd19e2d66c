package org.csirtgateway.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.csirtgateway.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Full headers" shows the header block as it arrived, from the archive, bounded, with no byte lost. */
class RawHeadersTest {

    @TempDir
    Path dir;

    @Test
    void theHeaderBlockEndsAtTheFirstEmptyLineAndKeepsFoldedLinesAndEncodedWords() throws Exception {
        RawArchive archive = new RawArchive(dir.resolve("archive"), Database.open(dir.resolve("gateway.db")));
        String raw = "Received: from mx.example (mx.example [192.0.2.1])\r\n\tby us; Thu, 26 Nov 2026 09:00:00 +0000\r\n"
                + "Subject: =?UTF-8?B?5LiN5q2j44Ki44Kv44K744K5?=\r\n\r\nBody: not a header\r\n";
        String sha = archive.store(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))).sha256();

        assertThat(new RawHeaders(archive).of(sha)).contains(
                "Received: from mx.example (mx.example [192.0.2.1])\n\tby us; Thu, 26 Nov 2026 09:00:00 +0000\n"
                        + "Subject: =?UTF-8?B?5LiN5q2j44Ki44Kv44K744K5?=");
    }

    @Test
    void rawEightBitHeadersAreShownAsUtf8WhenTheyAreAndByteForByteWhenTheyAreNot() throws Exception {
        assertThat(RawHeaders.headerBlock(new ByteArrayInputStream(
                "Subject: 不正アクセス\n\nx".getBytes(StandardCharsets.UTF_8)), 1024)).isEqualTo("Subject: 不正アクセス");
        byte[] latin1 = "Subject: caf\u00e9\n\nx".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RawHeaders.headerBlock(new ByteArrayInputStream(latin1), 1024)).isEqualTo("Subject: caf\u00e9");
    }

    @Test
    void aHugeHeaderBlockIsCutAtTheLimitAndSaysSo() throws Exception {
        byte[] huge = ("X-Junk: " + "a".repeat(5000) + "\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII);
        String shown = RawHeaders.headerBlock(new ByteArrayInputStream(huge), 2048);
        assertThat(shown).startsWith("X-Junk: aaa").endsWith("[cut: the header block is longer than 2 KiB]");
        assertThat(shown.length()).isLessThan(2100);
    }

    @Test
    void aMessageThatIsNotInTheArchiveHasNoHeaders() throws Exception {
        RawArchive empty = new RawArchive(dir.resolve("archive"), Database.open(dir.resolve("gateway.db")));
        assertThat(new RawHeaders(empty).of("0".repeat(64))).isEmpty();
    }
}
