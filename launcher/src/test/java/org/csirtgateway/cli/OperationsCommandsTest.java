package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** import and backup, run as the csirt-gateway script runs them, on real files. */
class OperationsCommandsTest {

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @Test
    void importPrintsProgressAndASummaryAndAReimportOnlyFindsDuplicates() throws Exception {
        Path data = dir.resolve("data");
        Path mbox = write("old.mbox", mboxOf(message(1, "Phishing report"), message(2, "Scan from 192.0.2.7"),
                "Subject: broken\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\n"));
        Path eml = write("one.eml", message(3, "DDoS against our web server"));
        Path empty = write("empty.eml", "");

        int exit = run("import", mbox.toString(), eml.toString(), empty.toString(), "--data", data.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("import: 4 message(s) to read", "4/4 100%", "msg/s ETA");
        assertThat(out.toString()).contains("Duplicates skipped:  0", "none acknowledged", "Files not read:      1",
                "empty.eml: empty file");
        Database database = Database.open(data.resolve("gateway.db"));
        assertThat(count(database, "SELECT COUNT(*) FROM raw_messages")).isEqualTo(4);
        assertThat(count(database, "SELECT COUNT(*) FROM outbox")).isZero();
        assertThat(count(database, "SELECT COUNT(*) FROM tickets WHERE channel = 'import'")).isPositive();

        out = new StringWriter();
        err = new StringWriter();
        assertThat(run("import", mbox.toString(), eml.toString(), "--data", data.toString())).isZero();
        assertThat(out.toString()).contains("Imported:            0", "Duplicates skipped:  4");
        assertThat(count(database, "SELECT COUNT(*) FROM raw_messages")).isEqualTo(4);
    }

    @Test
    void backupHoldsTheDatabaseAndArchiveAndARestoredCopyRebuildsItsSearchIndex() throws Exception {
        Path data = dir.resolve("data");
        Path eml = write("one.eml", message(1, "Compromised host 198.51.100.9"));
        assertThat(run("import", eml.toString(), "--data", data.toString())).isZero();

        Path backup = dir.resolve("backup-1");
        int exit = run("backup", backup.toString(), "--data", data.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Backup written to", "1 raw message(s), 1 ticket(s), 1 archive file(s)");
        assertThat(backup.resolve("gateway.db")).isRegularFile();
        assertThat(backup.resolve("BACKUP.txt")).content().contains("Restore:");
        assertThat(backup.resolve("index")).doesNotExist();

        // Restore = the backup directory used as a data directory: the index is rebuilt from the database.
        try (GatewayCore restored = new GatewayCore(new ConfigLoader(Map.of()).forDataDirectory(backup),
                Clock.systemUTC(), GatewayCore.Commits.EACH_BATCH)) {
            assertThat(count(restored.database(), "SELECT COUNT(*) FROM tickets")).isEqualTo(1);
        }
        try (ReportIndex index = ReportIndex.open(backup.resolve("index"))) {
            assertThat(index.messageCount()).isEqualTo(1);
            assertThat(index.search("198.51.100.9", 10, 0).totalTickets()).isEqualTo(1);
        }
    }

    @Test
    void backupRefusesATargetThatIsNotEmpty() throws Exception {
        Path data = dir.resolve("data");
        Database.open(data.resolve("gateway.db"));
        Path target = Files.createDirectories(dir.resolve("used"));
        Files.writeString(target.resolve("keep.txt"), "something");

        int exit = run("backup", target.toString(), "--data", data.toString());

        assertThat(exit).isEqualTo(FailureHandler.USAGE_ERROR);
        assertThat(err.toString()).contains("is not empty");
    }

    private static String message(int n, String subject) {
        return "From: Reporter " + n + " <reporter" + n + "@example.org>\r\nTo: csirt@example.org\r\nSubject: "
                + subject + "\r\nMessage-ID: <history-" + n + "@example.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000"
                + "\r\n\r\nDetails of report " + n + ".\r\n";
    }

    private static String mboxOf(String... messages) {
        StringBuilder mbox = new StringBuilder();
        for (String message : messages) {
            mbox.append("From reporter@example.org Mon Mar  2 10:00:00 2026\r\n").append(message).append("\r\n");
        }
        return mbox.toString();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static long count(Database database, String sql) {
        Long value = database.read(connection -> Sql.count(connection, sql));
        return value;
    }

    private int run(String... args) {
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
