package org.csirtgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.store.Database;
import org.csirtgateway.testing.LargeMessageMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat: a report with a large attachment (a packet capture, a disk image excerpt) exhausting the gateway's heap.
 * Proof that nothing holds a whole message or attachment in memory: a report with a 20 MB attachment (27 MB as mailed)
 * is kept, parsed, its attachment stored, ticketed and indexed by a JVM whose heap is smaller than the message.
 */
class LargeAttachmentStreamsIT {

    private static final long ATTACHMENT_BYTES = 20L << 20;

    @TempDir
    Path work;

    @Test
    void aReportLargerThanTheHeapIsKeptParsedStoredAndTicketed() throws Exception {
        Path data = work.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx24m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), LargeMessageMain.class.getName(), data.toString(),
                String.valueOf(ATTACHMENT_BYTES))
                .redirectErrorStream(true).redirectOutput(work.resolve("run.log").toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished within 5 minutes").isTrue();
        String log = Files.readString(work.resolve("run.log"));

        assertThat(process.exitValue()).as("exit code; log:%n%s", log).isZero();
        String sha256 = LargeMessageMain.attachmentSha256(ATTACHMENT_BYTES);
        assertThat(log).contains("TICKETED CSIRT#").contains(sha256 + " " + ATTACHMENT_BYTES);
        try (Database database = Database.open(data.resolve("gateway.db"))) {
            AttachmentStore store = new AttachmentStore(data.resolve("attachments"), database);
            assertThat(store.contains(sha256)).isTrue();
            try (InputStream stored = store.open(sha256)) {
                assertThat(stored.transferTo(OutputStream.nullOutputStream())).isEqualTo(ATTACHMENT_BYTES);
            }
        }
    }
}
