package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's demo, run as a user runs it: embedded mail server, real poller, sample reports. When it has settled,
 * the data directory it leaves must show every sample ticketed and every person acknowledged.
 */
class DemoIT {

    @TempDir
    Path data;

    @Test
    void demoTicketsEverySampleAndAcknowledgesEveryPersonButNoRobot() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int exit = commandLine.execute("demo", "--port", "0", "--data", data.toString(), "--exit-after-samples");

        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("Admin UI: http://127\\.0\\.0\\.1:\\d+/");
        assertThat(lines.get(1)).matches("Login: analyst / \\S{16,}");
        assertThat(lines.get(2)).matches("API token: cgw_\\S+");
        assertThat(out.toString()).contains("All 10 samples processed.");
        assertThat(lines).anySatisfy(line ->
                assertThat(line).matches("Public site: http://127\\.0\\.0\\.1:\\d+/"));

        Database database = Database.open(data.resolve("gateway.db"));
        database.read(connection -> {
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM raw_messages")).isEqualTo(10);
            // 10 mails: the duplicate and the reply land on existing tickets.
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM tickets")).isEqualTo(8);
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM messages WHERE role = 'duplicate'")).isEqualTo(1);
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM messages WHERE role = 'follow-up'")).isEqualTo(1);
            // 6 people acknowledged; the out-of-office reply and the newsletter are not.
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")).isEqualTo(6);
            assertThat(Sql.list(connection, "SELECT reason FROM acknowledgement_decisions WHERE decision = "
                    + "'suppressed' ORDER BY ticket_id", row -> row.getString(1)))
                    .containsExactly("sender is automated (Auto-Submitted: auto-replied)",
                            "bulk or list mail (Precedence: bulk)");
            // Every new ticket is triaged with the example team profile.
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM ticket_triage WHERE error IS NULL")).isEqualTo(8);
            return null;
        });
        try (ReportIndex index = ReportIndex.open(data.resolve("index"))) {
            assertThat(index.search("不正アクセス", 10, 0).hits()).hasSize(1);
            assertThat(index.search("monlist", 10, 0).hits()).hasSize(1);
        }

        // The trend report over the demo's tickets, as HTML with its chart and as CSV.
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        java.nio.file.Path html = data.resolve("trends.html");
        StringWriter reportOut = new StringWriter();
        CommandLine report = CsirtGatewayCli.commandLine();
        report.setOut(new PrintWriter(reportOut, true));
        assertThat(report.execute("report", "--from", today, "--to", today, "--format", "html", "--data",
                data.toString(), "--out", html.toString())).isZero();
        assertThat(reportOut.toString()).contains("Wrote 8 tickets' trends to " + html);
        assertThat(java.nio.file.Files.readString(html)).contains("<svg").contains("<rect class=\"bar\"")
                .contains("8 tickets.").contains("Median time to acknowledge");
        StringWriter csv = new StringWriter();
        CommandLine csvReport = CsirtGatewayCli.commandLine();
        csvReport.setOut(new PrintWriter(csv, true));
        assertThat(csvReport.execute("report", "--from", today, "--to", today, "--format", "csv", "--data",
                data.toString())).isZero();
        assertThat(csv.toString()).startsWith("section,week,key,label,count").contains("median,,acknowledge_seconds");
    }
}
