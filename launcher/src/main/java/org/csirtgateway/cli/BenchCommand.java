package org.csirtgateway.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.LoopbackMailConfig;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A rerunnable benchmark of the real gateway against GreenMail on loopback: ingest rate, acknowledgement latency and
 * heap, printed next to the targets. Nothing is mocked: the gateway polls IMAP, archives, commits, flags,
 * parses, tickets, indexes and sends acknowledgements over SMTP exactly as in production.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the gateway against an embedded IMAP/SMTP server on loopback and print messages per "
                + "second, acknowledgement latency (p50/p95) and heap. Set CSIRT_JAVA_OPTS=-Xmx512m to hold it to "
                + "the heap target."})
final class BenchCommand implements Callable<Integer> {

    private static final String TEAM = "csirt@bench.example";

    @Option(names = "--messages", defaultValue = "10000", description = "messages to ingest (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--latency-messages", defaultValue = "200",
            description = "reports mailed one by one to measure acknowledgement latency (default: ${DEFAULT-VALUE})")
    int latencyMessages;

    @Option(names = "--latency-rate", defaultValue = "20",
            description = "reports per second in the latency phase (default: ${DEFAULT-VALUE})")
    int latencyRate;

    @Option(names = "--large-mb", defaultValue = "20",
            description = "size of the large-attachment check in MB, 0 to skip (default: ${DEFAULT-VALUE})")
    int largeMb;

    @Option(names = "--corpus", paramLabel = "DIR",
            description = "real-world mail mixed in (default: ../shared/corpus next to the installation, if there)")
    Path corpusDir;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: a fresh temporary one)")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the generated mix (default: ${DEFAULT-VALUE})")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("csirt-gateway-bench-");
        Path corpus = corpusDir != null ? corpusDir : defaultCorpus();
        List<byte[]> corpusMail = BenchMail.loadCorpus(corpus, 3000);
        BenchMail mix = new BenchMail(TEAM, corpusMail, seed);

        out.printf(Locale.ROOT, "csirt-gateway bench: %d messages, %d cores, Java %s, max heap %s, data in %s%n",
                messages, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                HeapWatch.mb(Runtime.getRuntime().maxMemory()), data);
        out.printf("Mix: generated reports from people + %d real-world messages from %s%n", corpusMail.size(),
                corpusMail.isEmpty() ? "(no corpus found)" : corpus);
        out.flush();

        String password = randomSecret();
        GreenMail mailServer = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mailServer.start();
        try (HeapWatch heap = new HeapWatch()) {
            GreenMailUser mailbox = mailServer.setUser(TEAM, TEAM, password);
            Session session = Session.getInstance(new Properties());

            long loadStarted = System.nanoTime();
            int fromPeople = 0;
            for (int n = 0; n < messages; n++) {
                BenchMail.Mail mail = mix.next(n, Instant.now());
                fromPeople += mail.fromPerson() ? 1 : 0;
                mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(mail.raw())));
            }
            out.printf(Locale.ROOT, "Loaded the mailbox: %d messages (%d generated reports, %d real-world) in %.1f s%n",
                    messages, fromPeople, messages - fromPeople, seconds(System.nanoTime() - loadStarted));
            long baseline = heap.usedAfterGc();
            out.printf("Heap before the gateway starts (GreenMail holding the mailbox): %s%n", HeapWatch.mb(baseline));
            out.flush();
            heap.resetPeak();

            Map<String, String> values = new LoopbackMailConfig("Bench CSIRT", TEAM, password,
                    mailServer.getImap().getPort(), mailServer.getSmtp().getPort(), data,
                    Home.path("config/templates")).values();
            try (Gateway gateway = new Gateway(new ConfigLoader(Map.of()).fromValues(values), Clock.systemUTC())) {
                Database db = gateway.database();
                long started = System.nanoTime();
                gateway.start();
                ProgressBar bar = ProgressBar.onStderr(err, "bench");
                bar.started(messages);
                long keptAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages", messages, started, bar,
                        Duration.ofSeconds(Math.max(300, messages / 10)));
                long doneAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending'", messages,
                        started, null, Duration.ofSeconds(Math.max(300, messages / 10)));
                bar.finished(messages);
                double ingestSeconds = seconds(doneAt - started);
                long tickets = count(db, "SELECT COUNT(*) FROM tickets");
                long quarantined = count(db, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'");
                long queued = count(db, "SELECT COUNT(*) FROM outbox");
                long drainedAt = awaitCount(db, "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'", queued,
                        started, null, Duration.ofSeconds(Math.max(300, messages / 10)));
                long ingestPeak = heap.peak();

                out.println();
                out.println("Ingest: IMAP fetch -> archived (fsync) + committed -> flagged on the server -> parsed -> "
                        + "ticket + outbox (one tx) -> indexed");
                out.printf(Locale.ROOT, "  all %d kept after %.1f s, all processed after %.1f s%n", messages,
                        seconds(keptAt - started), ingestSeconds);
                out.printf(Locale.ROOT, "  => %.0f messages/s                                  target >= 1000/s%n",
                        messages / ingestSeconds);
                out.printf("  %d tickets, %d quarantined, %d acknowledgements queued%n", tickets, quarantined, queued);
                out.printf(Locale.ROOT, "  outbox drained (acknowledgements accepted by SMTP) after %.1f s%n",
                        seconds(drainedAt - started));
                out.flush();

                // Latency: reports arrive one by one on an otherwise idle gateway.
                Map<String, Long> arrivals = new HashMap<>();
                long interval = Math.max(1, 1000 / Math.max(1, latencyRate));
                for (int i = 0; i < latencyMessages; i++) {
                    BenchMail.Mail report = mix.report(messages + i, Instant.now());
                    long arrived = System.currentTimeMillis();
                    mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(report.raw())));
                    arrivals.put(report.messageId(), arrived);
                    Thread.sleep(interval);
                }
                List<Long> latencies = awaitAcknowledged(db, arrivals, Duration.ofSeconds(120));
                out.println();
                out.printf("Acknowledgement latency: arrival in the mailbox -> accepted by the SMTP server "
                        + "(%d reports at %d/s; poll every %s s, outbox sender every 1 s)%n", latencyMessages,
                        latencyRate, values.get("imap.pollSeconds"));
                if (latencies.size() < arrivals.size()) {
                    out.printf("  only %d of %d acknowledged within 120 s%n", latencies.size(), arrivals.size());
                }
                if (!latencies.isEmpty()) {
                    out.printf(Locale.ROOT, "  p50 %d ms, p95 %d ms, max %d ms               target p95 < 2000 ms "
                                    + "with IDLE%n", percentile(latencies, 50), percentile(latencies, 95),
                            latencies.get(latencies.size() - 1));
                }

                long peak = Math.max(ingestPeak, heap.peak());
                long steady = heap.usedAfterGc();
                out.println();
                out.printf("Heap: peak used %s during the run (GreenMail's mailbox in the same JVM: %s before start); "
                        + "after GC at the end %s, of which the gateway ~%s          target steady < 512 MB%n",
                        HeapWatch.mb(peak), HeapWatch.mb(baseline), HeapWatch.mb(steady),
                        HeapWatch.mb(Math.max(0, steady - baseline)));
                out.flush();

                if (largeMb > 0) {
                    largeAttachment(out, heap, data, mailbox, session, db);
                }
            }
        } finally {
            mailServer.stop();
        }
        out.flush();
        return 0;
    }

    private void largeAttachment(PrintWriter out, HeapWatch heap, Path data, GreenMailUser mailbox, Session session,
                                 Database db) throws Exception {
        long bytes = largeMb * 1024L * 1024L;
        RawArchive archive = new RawArchive(data.resolve("bench-large-archive"));
        long before = heap.usedAfterGc();
        heap.resetPeak();
        var archived = archive.store(BenchMail.withLargeAttachment(TEAM, bytes));
        long archiveGrowth = heap.peak() - before;
        out.println();
        out.printf("Large attachment (%d MB message, %s on disk):%n", largeMb, HeapWatch.mb(archived.sizeBytes()));
        out.printf("  streamed into the archive: heap peak %s above the level before%n", HeapWatch.mb(archiveGrowth));

        MimeMessage large = new MimeMessage(session, BenchMail.withLargeAttachment(TEAM, bytes));
        mailbox.deliver(large);
        large = null;
        long rawBefore = count(db, "SELECT COUNT(*) FROM raw_messages");
        before = heap.usedAfterGc();
        heap.resetPeak();
        long started = System.nanoTime();
        awaitCount(db, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending'", rawBefore + 1, started, null,
                Duration.ofSeconds(120));
        long pipelineGrowth = heap.peak() - before;
        out.printf(Locale.ROOT, "  through the gateway (IMAP fetch -> archive -> parse -> ticket -> index) in %.1f s: "
                + "heap peak %s above the level before%n", seconds(System.nanoTime() - started),
                HeapWatch.mb(pipelineGrowth));
    }

    private static long awaitCount(Database db, String sql, long wanted, long started, ProgressBar bar,
                                   Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long current = count(db, sql);
            if (bar != null) {
                bar.advanced(current);
            }
            if (current >= wanted) {
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException("Benchmark stalled: " + current + " of " + wanted + " after "
                        + Duration.ofNanos(now - started).toSeconds() + " s (" + sql + ")");
            }
            Thread.sleep(50);
        }
    }

    private static List<Long> awaitAcknowledged(Database db, Map<String, Long> arrivals, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> sent = new HashMap<>();
        while (sent.size() < arrivals.size() && System.nanoTime() < deadline) {
            List<String[]> rows = db.read(connection -> Sql.list(connection, """
                    SELECT m.message_id, o.sent_at FROM messages m JOIN outbox o ON o.ticket_id = m.ticket_id
                     WHERE m.role = 'report' AND o.state = 'sent' AND m.message_id LIKE 'bench-%'""",
                    row -> new String[] {row.getString(1), row.getString(2)}));
            for (String[] row : rows) {
                if (arrivals.containsKey(row[0])) {
                    sent.put(row[0], Instant.parse(row[1]).toEpochMilli());
                }
            }
            Thread.sleep(100);
        }
        List<Long> latencies = new ArrayList<>();
        sent.forEach((id, at) -> latencies.add(at - arrivals.get(id)));
        latencies.sort(null);
        return latencies;
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long count(Database db, String sql) {
        LongSupplier query = () -> db.read(connection -> Sql.count(connection, sql));
        return query.getAsLong();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Path defaultCorpus() {
        String home = System.getProperty("csirt.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        return base.toAbsolutePath().resolve("../shared/corpus").normalize();
    }

    private static String randomSecret() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    static String describeMachine() {
        return ManagementFactory.getOperatingSystemMXBean().getName() + " "
                + ManagementFactory.getOperatingSystemMXBean().getArch();
    }
}
