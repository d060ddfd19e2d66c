package org.csirtgateway.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.cli.bench.TemporaryDirectory;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.importing.ImportPlan;
import org.csirtgateway.importing.ImportSummary;
import org.csirtgateway.importing.MailImporter;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.store.Database;

/**
 * Phase 6 of the benchmark: a mail history imported as {@code csirt-gateway import} does it. The bench's mix is written
 * into one mbox file, then imported into a fresh data directory through {@link GatewayCore} and {@link MailImporter}:
 * kept a batch per pack, processed in the pipeline's batches, and every later stage (index, near-duplicate comparison,
 * triage) finished. The time is that of the import alone, from the first message kept to the last one triaged; writing
 * the mbox file is the benchmark's work and is not counted.
 */
final class ImportBench {

    /** The separator line's date, in the asctime form mbox writers use. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] STAGES = {GatewayMetrics.KEEP, GatewayMetrics.PARSE,
            GatewayMetrics.STORE_ATTACHMENTS, GatewayMetrics.TICKET, GatewayMetrics.INDEX};

    private final PrintWriter out;
    private final PrintWriter err;

    ImportBench(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Imports {@code count} messages of {@code mix} (numbers from {@code first}) into {@code dataDir}, a fresh one;
     * first, when {@code warmup} is positive, as many other messages into a data directory beside it, not counted, so
     * that the figure is that of compiled code (a fresh {@code import} process compiles as it goes: both are useful).
     */
    void run(BenchMail mix, int first, int count, int warmup, Path dataDir, HeapWatch heap) throws Exception {
        if (Files.isDirectory(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("The import phase needs a fresh data directory; " + dataDir
                            + " is not empty");
                }
            }
        }
        Files.createDirectories(dataDir);
        Path mboxDir = Files.createTempDirectory("csirt-gateway-bench-mbox-");
        try {
            Path mbox = mboxDir.resolve("history.mbox");
            int fromPeople = writeMbox(mix, first, count, mbox);
            out.println();
            out.printf(Locale.ROOT, "6. Import: %d messages (%d generated reports, %d real-world) in one mbox file "
                    + "(%s) imported into a fresh data directory as `csirt-gateway import` does (kept a batch of %d "
                    + "per pack; processed; indexed, compared and triaged); timed from the first message kept to "
                    + "the last one triaged:%n", count, fromPeople, count - fromPeople,
                    HeapWatch.mb(Files.size(mbox)), org.csirtgateway.intake.IntakePipeline.BATCH);
            out.flush();
            if (warmup > 0) {
                Path warmMbox = mboxDir.resolve("warmup.mbox");
                writeMbox(mix, first + count + 1_000_000, warmup, warmMbox);
                out.printf(Locale.ROOT, "   warm-up first: %d other messages imported the same way into another "
                        + "data directory, not counted%n", warmup);
                importOnce(warmMbox, warmup, dataDir.resolveSibling(dataDir.getFileName() + "-warmup"), heap);
                out.println("   measured:");
            }
            importOnce(mbox, count, dataDir, heap);
        } finally {
            TemporaryDirectory.delete(mboxDir);
        }
    }

    /**
     * Writes the messages as an mbox file: a "From " line before each, lines beginning with "From " (or a quoted one)
     * quoted with '>' (mboxrd), a blank line after each. Returns how many were generated reports from people.
     */
    private static int writeMbox(BenchMail mix, int first, int count, Path mbox) throws IOException {
        int fromPeople = 0;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(mbox), 1 << 16)) {
            for (int n = 0; n < count; n++) {
                Instant now = Instant.now();
                BenchMail.Mail mail = mix.next(first + n, now);
                fromPeople += mail.fromPerson() ? 1 : 0;
                file.write(("From bench@reporter.example " + ASCTIME.format(now) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                writeQuoted(mail.raw(), file);
                file.write('\n');
            }
        }
        return fromPeople;
    }

    /** Writes a message's lines as they are, with '>' before every line matching {@code >*From }. */
    private static void writeQuoted(byte[] raw, OutputStream file) throws IOException {
        int start = 0;
        while (start < raw.length) {
            int end = start;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int quotes = start;
            while (quotes < raw.length && raw[quotes] == '>') {
                quotes++;
            }
            if (quotes + 5 <= raw.length && raw[quotes] == 'F' && raw[quotes + 1] == 'r' && raw[quotes + 2] == 'o'
                    && raw[quotes + 3] == 'm' && raw[quotes + 4] == ' ') {
                file.write('>');
            }
            file.write(raw, start, Math.min(raw.length, end + 1) - start);
            start = end + 1;
        }
        if (raw.length > 0 && raw[raw.length - 1] != '\n') {
            file.write('\n'); // the separator's blank line must start a line of its own
        }
    }

    private void importOnce(Path mbox, int count, Path dataDir, HeapWatch heap) throws Exception {
        ImportPlan plan = ImportPlan.of(List.of(mbox));
        try (GatewayCore core = new GatewayCore(new ConfigLoader(System.getenv()).forDataDirectory(dataDir),
                Clock.systemUTC(), GatewayCore.Commits.SCHEDULED)) {
            AtomicLong keptAt = new AtomicLong();
            AtomicLong processedAt = new AtomicLong();
            heap.resetPeak();
            long started = System.nanoTime();
            long cpuStarted = BenchCommand.processCpuNanos();
            Map<Long, ThreadCpu.Sample> threadCpuStarted = ThreadCpu.byThread();
            ImportSummary summary = new MailImporter(core.pipeline(), core.database(), "import").run(plan,
                    new ImportProgressBars(err, "import: kept", "import: processed",
                            () -> keptAt.set(System.nanoTime()), () -> processedAt.set(System.nanoTime())));
            long endedAt = System.nanoTime();
            double seconds = BenchCommand.seconds(endedAt - started);
            double cpu = BenchCommand.seconds(BenchCommand.processCpuNanos() - cpuStarted);
            Map<String, Long> ticks = ThreadCpu.since(threadCpuStarted);
            long peak = heap.peak();
            Database db = core.database();
            // The last batches' index stage is durable with the next index commit: the one closing the import does.
            long waitingForCommit = BenchCommand.count(db, "SELECT COUNT(*) FROM stages_due");
            long commitStarted = System.nanoTime();
            core.indexCommits().commitIfChanged();
            double commitSeconds = BenchCommand.seconds(System.nanoTime() - commitStarted);
            out.printf(Locale.ROOT, "   %d messages in %.1f s => %.0f messages/s imported          target >= "
                            + "1000/s%n", count, seconds, count / seconds);
            out.printf(Locale.ROOT, "   kept after %.1f s; pipeline batches done after %.1f s; the stages still due "
                            + "(compare, triage, index of the last batches) finished after %.1f s%n",
                    BenchCommand.seconds(keptAt.get() - started), BenchCommand.seconds(processedAt.get() - started),
                    seconds);
            GatewayMetrics metrics = core.metrics();
            StringBuilder means = new StringBuilder();
            for (String stage : STAGES) {
                means.append(means.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f ms", stage,
                        metrics.stageMeanSeconds(stage) * 1000));
            }
            out.printf("   mean per message (a batch's time shared among its messages; compare and triage are not "
                    + "timed by stage): %s%n", means);
            out.printf(Locale.ROOT, "   %d imported, %d duplicates skipped, %d left pending; %d tickets, %d "
                            + "quarantined, %d proposals (similar tickets), %d tickets triaged, %d stages still due "
                            + "after the index commit that closes the import (%d index stages waited for it at the "
                            + "end of the run; it took %.1f s more)%n",
                    summary.imported(), summary.duplicates(), summary.pending(),
                    BenchCommand.count(db, "SELECT COUNT(*) FROM tickets"),
                    BenchCommand.count(db, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'"),
                    BenchCommand.count(db, "SELECT COUNT(*) FROM similar_tickets"),
                    BenchCommand.count(db, "SELECT COUNT(*) FROM ticket_triage"),
                    BenchCommand.count(db, "SELECT COUNT(*) FROM stages_due"), waitingForCommit, commitSeconds);
            out.printf(Locale.ROOT, "   CPU: %.1f s of the process for %.1f s => %.2f ms per message, so %d cores "
                            + "could do at most %.0f messages/s; heap peak %s; the machine's load average was %s%n",
                    cpu, seconds, cpu * 1000 / count, BenchCommand.cores(), BenchCommand.cores() * count / cpu,
                    HeapWatch.mb(peak), BenchCommand.loadAverage());
            out.printf("   CPU by thread: %s%n", ThreadCpu.describe(ticks));
            out.flush();
        }
    }
}
