package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.csirtgateway.localmail.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The benchmark the speed figures come from, run small so it cannot rot: every phase runs against its real servers
 * (GreenMail in the process and in a process of its own, Dovecot when installed, always in CI) and prints its figures,
 * and the Dovecot phase ends with every message kept and moved on the server. The figures themselves are not judged
 * here: they are measured by running the command (docs/benchmark.md), never by a timed test.
 */
class BenchIT {

    @TempDir
    Path data;

    @Test
    void everyPhaseOfTheBenchmarkRunsAgainstItsRealServersAndPrintsItsFigures() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));

        int exit = commandLine.execute("bench", "--data", data.toString(), "--warmup", "100", "--messages", "200",
                "--imap-messages", "30", "--arrival-messages", "100", "--dovecot-messages", "300",
                "--latency-messages", "10", "--large-mb", "2", "--import-messages", "200");

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        assertThat(printed).containsPattern("200 messages \\(\\d+ generated reports, \\d+ real-world\\) in [\\d.]+ s "
                + "=> \\d+ messages/s");
        assertThat(printed).containsPattern("\\d+ accepted in [\\d.]+ s => \\d+ acknowledgements/s");
        assertThat(printed).containsPattern("all kept after [\\d.]+ s, processed after [\\d.]+ s");
        assertThat(printed).containsPattern("all processed after [\\d.]+ s => \\d+ messages/s end to end");
        if (DovecotServer.installed() || "true".equals(System.getenv("CI"))) {
            assertThat(printed).contains("2c. End to end from a real IMAP server: 300 messages")
                    .contains("warm-up: 100 other messages taken from the folder Warmup first")
                    .contains("on the server: 0 left in INBOX, 400 in Processed (the warm-up's included)")
                    .containsPattern("so the gateway alone could take at most \\d+ messages/s")
                    .containsPattern("APPENDed at 20/s while the gateway waits with IDLE[^\\n]*\\n\\s+p50 \\d+ ms, "
                            + "p95 \\d+ ms");
        } else {
            assertThat(printed).contains("2c. End to end from Dovecot: skipped");
        }
        assertThat(printed).containsPattern("3. Acknowledgement latency[^\\n]*\\n\\s+p50 \\d+ ms, p95 \\d+ ms");
        assertThat(printed).containsPattern("4. Heap \\(max [\\d.]+ [MG]B\\): peak used");
        assertThat(printed).contains("through the gateway (IMAP fetch -> archive -> parse -> attachment store -> "
                + "ticket -> index)").contains("attachment stored");
        assertThat(printed).contains("6. Import: 200 messages")
                .containsPattern("200 messages in [\\d.]+ s => \\d+ messages/s imported")
                .containsPattern("\\d+ tickets triaged, 0 stages still due");
    }

    @Test
    void theImportPhaseRunsAloneAndFinishesEveryStage() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));

        int exit = commandLine.execute("bench", "--data", data.toString(), "--only", "import", "--import-messages",
                "100");

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("6. Import: 100 messages").doesNotContain("1. Pipeline")
                .containsPattern("100 imported, 0 duplicates skipped, 0 left pending")
                .containsPattern("\\d+ tickets triaged, 0 stages still due");
    }

    @Test
    void onlyNamesAPhaseItKnows() {
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));

        assertThat(commandLine.execute("bench", "--data", data.toString(), "--only", "pipeline")).isNotZero();
    }
}
