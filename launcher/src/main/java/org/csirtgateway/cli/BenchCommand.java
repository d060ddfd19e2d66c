package org.csirtgateway.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
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
import org.csirtgateway.ack.OutboxSender;
import org.csirtgateway.archive.ArchivedMessage;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.cli.bench.GreenMailProcess;
import org.csirtgateway.cli.bench.TemporaryDirectory;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.LoopbackMailConfig;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A rerunnable benchmark of the real gateway against GreenMail and Dovecot on loopback: ingest rate, acknowledgement
 * latency and heap, printed next to the speed targets. Nothing is mocked: the gateway polls IMAP, archives, commits,
 * moves, parses, tickets, indexes and sends acknowledgements over SMTP exactly as in production.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the gateway against an embedded IMAP/SMTP server (GreenMail) and a real IMAP server "
                + "(Dovecot, when installed) on loopback and print messages per second, acknowledgement latency "
                + "(p50/p95) and heap. Set CSIRT_JAVA_OPTS=-Xmx512m to hold it to the heap target."})
final class BenchCommand implements Callable<Integer> {

    private static final String TEAM = "csirt@bench.example";
    /** Messages mailed at once in phase 2b: the most that wait in the mailbox. */
    private static final int ARRIVAL_BACKLOG = 100;
    /** Numbers of the warm-up's messages in the mix: far from those of the measured phases. */
    private static final int WARMUP_NUMBERS = 50_000_000;
    /** Numbers of the Dovecot phase's messages in the mix. */
    private static final int DOVECOT_NUMBERS = 70_000_000;
    /** Numbers of the import phase's messages in the mix. */
    private static final int IMPORT_NUMBERS = 90_000_000;
    /** Messages a poller keeps per batch (archive forced together, one commit): as many as ImapPoller does. */
    private static final int KEEP_BATCH = org.csirtgateway.fetch.ImapPoller.BATCH;

    @Option(names = "--messages", defaultValue = "10000",
            description = "messages through the pipeline (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--warmup", defaultValue = "20000",
            description = "messages through the pipeline before phase 1, and as many through the IMAP server "
                    + "before phase 2c, not counted, so that the phases measure compiled code rather than the JIT "
                    + "compiler at work (default: ${DEFAULT-VALUE}; 0 to measure a cold start)")
    int warmup;

    @Option(names = "--imap-messages", defaultValue = "300",
            description = "messages end to end through IMAP (default: ${DEFAULT-VALUE}; GreenMail answers each "
                    + "command in time proportional to the folder size, so keep this modest)")
    int imapMessages;

    @Option(names = "--arrival-messages", defaultValue = "2000",
            description = "messages mailed into the mailbox as fast as one thread can while the gateway runs "
                    + "(default: ${DEFAULT-VALUE}; 0 to skip)")
    int arrivalMessages;

    @Option(names = "--dovecot-messages", defaultValue = "10000",
            description = "messages waiting in a real IMAP server (Dovecot, started on loopback when installed) when "
                    + "a second gateway starts: the end-to-end rate on a production server (default: "
                    + "${DEFAULT-VALUE}; 0 to skip)")
    int dovecotMessages;

    @Option(names = "--latency-messages", defaultValue = "200",
            description = "reports mailed one by one to measure acknowledgement latency (default: ${DEFAULT-VALUE})")
    int latencyMessages;

    @Option(names = "--latency-rate", defaultValue = "20",
            description = "reports per second in the latency phase (default: ${DEFAULT-VALUE})")
    int latencyRate;

    @Option(names = "--large-mb", defaultValue = "20",
            description = "size of the large-attachment check in MB, 0 to skip (default: ${DEFAULT-VALUE})")
    int largeMb;

    @Option(names = "--import-messages", defaultValue = "30000",
            description = "messages written into one mbox file and imported into a fresh data directory as "
                    + "`csirt-gateway import` does (default: ${DEFAULT-VALUE}; 0 to skip)")
    int importMessages;

    @Option(names = "--import-warmup", defaultValue = "0",
            description = "messages imported into another data directory before the import phase, not counted, so "
                    + "that it measures compiled code (default: ${DEFAULT-VALUE}: a fresh process, as `import` runs)")
    int importWarmup;

    @Option(names = "--only", paramLabel = "PHASE",
            description = "run one phase alone: import (phase 6, no mail server needed)")
    String only;

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
        if (only != null && !only.equals("import")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--only takes one phase: import (got '" + only + "')");
        }
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("csirt-gateway-bench-");
        Path corpus = corpusDir != null ? corpusDir : defaultCorpus();
        List<byte[]> corpusMail = BenchMail.loadCorpus(corpus, 3000);
        BenchMail mix = new BenchMail(TEAM, corpusMail, seed);

        out.printf(Locale.ROOT, "csirt-gateway bench: %d cores, Java %s, max heap %s, data in %s%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                HeapWatch.mb(Runtime.getRuntime().maxMemory()), data,
                dataDir != null ? "" : " (deleted at the end: over a GB per run; --data DIR keeps it)");
        out.printf("Mix: generated reports from people (acknowledged) + %d real-world messages from %s%n",
                corpusMail.size(), corpusMail.isEmpty() ? "(no corpus found)" : corpus);
        out.flush();

        if (only != null) {
            try (HeapWatch heap = new HeapWatch()) {
                importPhase(out, err, corpusMail, data, heap);
            } finally {
                if (dataDir == null) {
                    deleteTree(data, err);
                }
            }
            return 0;
        }

        String password = randomSecret();
        GreenMail mailServer = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mailServer.start();
        try (HeapWatch heap = new HeapWatch()) {
            GreenMailUser mailbox = mailServer.setUser(TEAM, TEAM, password);
            Session session = Session.getInstance(new Properties());
            Map<String, String> values = new LoopbackMailConfig("Bench CSIRT", TEAM, password,
                    mailServer.getImap().getPort(), mailServer.getSmtp().getPort(), data,
                    Home.path("config/templates")).values();
            // Thousands of generated reporters share a few domains: the flood limits would suppress most
            // acknowledgements, and this measures intake and delivery, not those limits.
            values.put("acknowledgement.maxPerSenderPerHour", "1000000");
            values.put("acknowledgement.maxPerDomainPerHour", "1000000");
            // Kept messages are moved out of the inbox (MOVE), as the intake target says ("before it is moved on the
            // server"). Flagging them \Seen instead leaves them all in the inbox, and GreenMail answers each FETCH and
            // STORE in time proportional to the folder's size.
            values.put("imap.processedFolder", "Processed");
            long baseline = heap.usedAfterGc();
            heap.resetPeak();
            org.csirtgateway.config.GatewayConfig config = new ConfigLoader(Map.of()).fromValues(values);
            try (Gateway gateway = new Gateway(config, Clock.systemUTC())) {
                Database db = gateway.database();

                // 1. The pipeline itself, fed from memory: what the gateway does with messages once IMAP has
                //    delivered their bytes. As in the running gateway, one thread keeps them in batches as a poller
                //    hands them over (archive, forced together, + one commit per batch), and another (the intake
                //    worker's loop) processes what is kept in batches (parse; ticket + outbox in one transaction per
                //    batch; index), both at once.
                if (warmup > 0) {
                    out.println();
                    out.printf("0. Warm-up: %d messages through the same pipeline first, not counted (the JIT compiler "
                            + "turns the hot code into machine code; a gateway running for days pays this once):%n",
                            warmup);
                    out.flush();
                    PipelineRun warm = runPipeline(gateway, mix, WARMUP_NUMBERS, warmup, "warmup",
                            ProgressBar.onStderr(err, "warm-up"));
                    out.printf(Locale.ROOT, "   %d messages in %.1f s; CPU by thread: %s%n", warmup, warm.seconds(),
                            ThreadCpu.describe(warm.threadTicks()));
                }
                long[] stageCounts = stageCounts(gateway.metrics());
                double[] stageSums = stageSums(gateway.metrics());
                out.println();
                out.printf("1. Pipeline (keep -> parse -> ticket + outbox -> index), %d messages, kept in batches of "
                        + "%d as a poller hands them over while the intake worker processes batches of %d (each read "
                        + "while the last is placed), the index committed every %s s; fed from memory, no IMAP:%n",
                        messages, KEEP_BATCH, IntakePipeline.BATCH,
                        org.csirtgateway.intake.IndexCommits.INTERVAL.toMillis() / 1000.0);
                out.flush();
                PipelineRun run = runPipeline(gateway, mix, 0, messages, "bench",
                        ProgressBar.onStderr(err, "pipeline"));
                double pipelineSeconds = run.seconds();
                double pipelineCpu = run.cpuSeconds();
                int[] fromPeople = {run.fromPeople()};
                Map<String, Long> threadTicks = run.threadTicks();
                out.printf(Locale.ROOT, "   %d messages (%d generated reports, %d real-world) in %.1f s => %.0f "
                        // (a run with --messages 0 prints NaN here and skips nothing else)
                        + "messages/s                 target >= 1000/s%n", messages, fromPeople[0],
                        messages - fromPeople[0], pipelineSeconds, messages / pipelineSeconds);
                out.printf(Locale.ROOT, "   all kept (archived, forced, committed) after %.1f s => %.0f messages/s "
                        + "kept while the worker processed%n", run.keptSeconds(), messages / run.keptSeconds());
                double[] means = stageMeansSince(gateway.metrics(), stageCounts, stageSums);
                out.printf(Locale.ROOT, "   mean per message (a batch's time shared among its messages): keep %.2f "
                                + "ms, parse %.2f ms, attachments %.2f ms, ticket+outbox %.2f ms, index %.2f ms%n",
                        ms(means[0]), ms(means[1]), ms(means[2]), ms(means[3]), ms(means[4]));
                out.printf(Locale.ROOT, "   CPU: %.1f s of the process for %.1f s => %.2f ms per message, so %d cores "
                                + "could do at most %.0f messages/s; the machine's load average was %s%n",
                        pipelineCpu, pipelineSeconds, pipelineCpu * 1000 / messages, cores(),
                        cores() * messages / pipelineCpu, loadAverage());
                out.printf("   CPU by thread (the main thread runs the intake worker's loop here): %s%n",
                        ThreadCpu.describe(threadTicks));
                out.printf("   %d tickets, %d quarantined, %d acknowledgements queued%n",
                        count(db, "SELECT COUNT(*) FROM tickets"),
                        count(db, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'"),
                        count(db, "SELECT COUNT(*) FROM outbox"));
                long pipelinePeak = heap.peak();
                out.flush();

                // 1b. The acknowledgements queued by phase 1, delivered by the outbox sender alone (the gateway is not
                //     started yet), so that phase 2 measures its own messages only.
                long toSend = count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
                out.println();
                out.printf("1b. Outbox: the %d acknowledgements of phases 0 and 1 over SMTP (GreenMail, loopback), "
                        + "rounds of up to 100 over one connection, one transaction per mail:%n", toSend);
                out.flush();
                OutboxSender sender = new OutboxSender(db, config.smtp(), Clock.systemUTC());
                long started = System.nanoTime();
                long cpuStarted = processCpuNanos();
                long delivered = 0;
                while (count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") > 0) {
                    int round = sender.sendDue();
                    delivered += round;
                    if (round == 0) {
                        break; // nothing accepted: the rest wait for a retry; reported below
                    }
                }
                double sendSeconds = seconds(System.nanoTime() - started);
                double sendCpu = seconds(processCpuNanos() - cpuStarted);
                out.printf(Locale.ROOT, "   %d accepted in %.1f s => %.0f acknowledgements/s (CPU %.2f ms per mail, "
                                + "sender and GreenMail's SMTP server together); %d not accepted%n", delivered,
                        sendSeconds, delivered / sendSeconds, sendCpu * 1000 / Math.max(1, delivered),
                        count(db, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'"));
                out.flush();

                // 2. End to end through IMAP: GreenMail on loopback, the real poller.
                int refusedByGreenMail = 0;
                for (int n = 0, inMailbox = 0; inMailbox < imapMessages; n++) {
                    BenchMail.Mail mail = mix.next(messages + n, Instant.now());
                    if (deliver(mailbox, session, mail.raw())) {
                        inMailbox++;
                    } else {
                        refusedByGreenMail++;
                    }
                }
                long rawBefore = count(db, "SELECT COUNT(*) FROM raw_messages");
                long lastIdBefore = count(db, "SELECT COALESCE(MAX(id), 0) FROM raw_messages");
                long queuedBefore = count(db, "SELECT COUNT(*) FROM outbox");
                out.println();
                out.printf("2. End to end: %d messages in the IMAP mailbox (GreenMail, loopback) -> poller -> "
                        + "pipeline; acknowledgements over SMTP:%n", imapMessages);
                out.flush();
                ProgressBar bar = ProgressBar.onStderr(err, "imap");
                bar.started(imapMessages);
                started = System.nanoTime();
                cpuStarted = processCpuNanos();
                gateway.start();
                Duration limit = Duration.ofSeconds(Math.max(120, imapMessages));
                long keptAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages", rawBefore + imapMessages, started,
                        bar, rawBefore, limit);
                // Only this phase's messages: one of phase 1 waiting for a retry must not hold up the figure.
                long doneAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending' AND id > "
                        + lastIdBefore, imapMessages, started, null, 0, limit);
                double endToEndCpu = seconds(processCpuNanos() - cpuStarted);
                bar.finished(imapMessages);
                long queued = count(db, "SELECT COUNT(*) FROM outbox");
                long drainedAt = awaitCount(db, "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'", queued,
                        started, null, 0, Duration.ofSeconds(Math.max(120, queued / 20)));
                out.printf(Locale.ROOT, "   all kept after %.1f s, processed after %.1f s => %.1f messages/s "
                                + "end to end%s%n", seconds(keptAt - started), seconds(doneAt - started),
                        imapMessages / seconds(doneAt - started), refusedByGreenMail == 0 ? ""
                                : " (" + refusedByGreenMail + " real-world messages GreenMail could not take were "
                                + "replaced)");
                out.printf(Locale.ROOT, "   CPU (gateway and GreenMail, one process) until processed: %.1f s => %.2f "
                        + "ms per message; the machine's load average was %s%n", endToEndCpu,
                        endToEndCpu * 1000 / imapMessages, loadAverage());
                out.printf(Locale.ROOT, "   %d acknowledgements of these accepted by SMTP after %.1f s%n",
                        queued - queuedBefore, seconds(drainedAt - started));
                out.flush();

                // 2b. Mail arriving while the gateway runs: the mailbox holds only what has not been taken yet, as on
                //     a live server, instead of a backlog that GreenMail answers in time proportional to its size.
                if (arrivalMessages > 0) {
                    arrivals(out, err, gateway, mailbox, session, mix, messages + imapMessages + latencyMessages);
                }

                // 2c. A real IMAP server: Dovecot in a process of its own, a second gateway with a data directory
                //     of its own (the first one waits idle meanwhile).
                if (dovecotMessages > 0) {
                    // GreenMail holds every mail of the phases before (25,000 with their acknowledgements, 150 MB of
                    // this JVM's heap): the test server's, not the gateway's. Emptied, so that the garbage collector
                    // of a 512 MB heap does not work for it while the gateway is measured.
                    mailServer.purgeEmailFromAllMailboxes();
                    DovecotBench dovecot = new DovecotBench(out, err, TEAM);
                    if (dovecot.available()) {
                        dovecot.run(values, data, mix, DOVECOT_NUMBERS, warmup, dovecotMessages, latencyMessages,
                                latencyRate);
                    }
                }

                // 3. Latency: reports arrive one by one on an otherwise idle gateway.
                Map<String, Long> arrivals = new HashMap<>();
                long interval = Math.max(1, 1000 / Math.max(1, latencyRate));
                for (int i = 0; i < latencyMessages; i++) {
                    BenchMail.Mail report = mix.report(messages + imapMessages + i, Instant.now());
                    long arrived = System.currentTimeMillis();
                    deliver(mailbox, session, report.raw());
                    arrivals.put(report.messageId(), arrived);
                    Thread.sleep(interval);
                }
                List<Long> latencies = awaitAcknowledged(db, arrivals, Duration.ofSeconds(180));
                out.println();
                out.printf("3. Acknowledgement latency: arrival in the mailbox -> accepted by the SMTP server "
                        + "(%d reports at %d/s; the poller waits with IDLE; outbox sender every 0.25 s):%n",
                        latencyMessages, latencyRate);
                if (latencies.size() < arrivals.size()) {
                    out.printf("   only %d of %d acknowledged within 180 s%n", latencies.size(), arrivals.size());
                }
                if (!latencies.isEmpty()) {
                    out.printf(Locale.ROOT, "   p50 %d ms, p95 %d ms, max %d ms              target p95 < 2000 ms "
                                    + "with IDLE%n", percentile(latencies, 50), percentile(latencies, 95),
                            latencies.get(latencies.size() - 1));
                }

                long peak = Math.max(pipelinePeak, heap.peak());
                long steady = heap.usedAfterGc();
                out.println();
                out.printf("4. Heap (max %s): peak used %s, after GC at the end %s (GreenMail holds %d messages in "
                                + "the same JVM at the end, acknowledgements included, having been emptied before "
                                + "phase 2c; %s before the gateway opened)   target steady < 512 MB%n", HeapWatch.mb(Runtime.getRuntime().maxMemory()),
                        HeapWatch.mb(peak), HeapWatch.mb(steady), mailServer.getReceivedMessages().length,
                        HeapWatch.mb(baseline));
                out.flush();

            }
            if (largeMb > 0) {
                largeAttachment(out, heap, data, values);
            }
            if (importMessages > 0) {
                importPhase(out, err, corpusMail, data, heap);
            }
        } finally {
            mailServer.stop();
            if (dataDir == null) {
                deleteTree(data, err);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Phase 6: a mail history imported. The mix is made afresh from the seed, so the import alone (--only import)
     * imports the same messages as the whole benchmark.
     */
    private void importPhase(PrintWriter out, PrintWriter err, List<byte[]> corpusMail, Path data, HeapWatch heap)
            throws Exception {
        if (importMessages <= 0) {
            return;
        }
        new ImportBench(out, err).run(new BenchMail(TEAM, corpusMail, seed), IMPORT_NUMBERS, importMessages,
                importWarmup,
                data.resolve("import"), heap);
    }

    /** Deletes the bench's temporary data directory; a failure is reported, not thrown (the figures are printed). */
    private static void deleteTree(Path root, PrintWriter err) {
        try {
            TemporaryDirectory.delete(root);
        } catch (IOException e) {
            err.printf("Could not delete the bench's data directory %s: %s%n", root, e.getMessage());
            err.flush();
        }
    }

    /**
     * Phase 2b: messages mailed into the mailbox one after the other, as fast as one thread delivers them, while the
     * running gateway takes them (IDLE), keeps, moves and processes them. The rate is from the first delivery to the
     * last message processed.
     */
    private void arrivals(PrintWriter out, PrintWriter err, Gateway gateway, GreenMailUser mailbox, Session session,
                          BenchMail mix, int first) throws Exception {
        Database db = gateway.database();
        long lastIdBefore = count(db, "SELECT COALESCE(MAX(id), 0) FROM raw_messages");
        List<byte[]> prepared = new ArrayList<>();
        for (int n = 0; n < arrivalMessages; n++) {
            prepared.add(mix.next(first + n, Instant.now()).raw());
        }
        int refused = 0;
        out.println();
        out.printf("2b. End to end while mail arrives: %d messages mailed into the mailbox in bursts of %d while the "
                + "gateway runs (IDLE -> keep -> MOVE -> process), each burst once the last is kept:%n",
                arrivalMessages, ARRIVAL_BACKLOG);
        out.flush();
        ProgressBar bar = ProgressBar.onStderr(err, "arrivals");
        bar.started(arrivalMessages);
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        Map<Long, ThreadCpu.Sample> threadCpuStarted = ThreadCpu.byThread();
        int delivered = 0;
        for (byte[] raw : prepared) {
            // Mail arrives in bursts of ARRIVAL_BACKLOG, the next one once the gateway has kept (and moved) the last:
            // the mailbox stays small, as on a live server where the gateway keeps up. (Not one message at a time
            // during the gateway's MOVE: GreenMail's MOVE fails when mail is delivered into the folder meanwhile,
            // "Need to do this properly...", and drops the connection.)
            if (delivered % ARRIVAL_BACKLOG == 0) {
                while (count(db, "SELECT COUNT(*) FROM raw_messages WHERE id > " + lastIdBefore) < delivered) {
                    Thread.sleep(2);
                }
            }
            if (deliver(mailbox, session, raw)) {
                delivered++;
            } else {
                refused++;
            }
        }
        long deliveredAt = System.nanoTime();
        int expected = arrivalMessages - refused;
        long doneAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending' AND id > "
                + lastIdBefore, expected, started, bar, 0, Duration.ofSeconds(Math.max(120, arrivalMessages)));
        double cpu = seconds(processCpuNanos() - cpuStarted);
        Map<String, Long> ticks = ThreadCpu.since(threadCpuStarted);
        bar.finished(arrivalMessages);
        out.printf(Locale.ROOT, "   %d delivered in %.1f s%s; all processed after %.1f s => %.0f messages/s end to "
                        + "end%n", expected, seconds(deliveredAt - started), refused == 0 ? ""
                        : " (" + refused + " real-world messages GreenMail could not take left out)",
                seconds(doneAt - started), expected / seconds(doneAt - started));
        out.printf(Locale.ROOT, "   CPU: %.2f ms per message (gateway, GreenMail and the delivering thread in one "
                + "process): %s; load average %s%n", cpu * 1000 / arrivalMessages, ThreadCpu.describe(ticks),
                loadAverage());
        out.flush();
    }

    /**
     * Puts a message into GreenMail's mailbox; false when GreenMail cannot take it (it refuses some real-world
     * messages of the corpus, e.g. with a header it expects once given twice).
     */
    private static boolean deliver(GreenMailUser mailbox, Session session, byte[] raw) throws Exception {
        try {
            mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(raw)));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** CPU time this process has used so far (all threads), in nanoseconds. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The system's load average over the last minute, as the machine context of a figure. */
    static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", load);
    }

    /** What one pass of messages through the pipeline took. */
    private record PipelineRun(double seconds, double keptSeconds, double cpuSeconds, int fromPeople,
                               Map<String, Long> threadTicks) {
    }

    /**
     * Feeds {@code count} messages of the mix (numbers from {@code first}) through the pipeline as the running
     * gateway does: one thread keeps them in batches as a poller hands them over (archive, forced together, + one
     * commit per batch) while this one processes what is kept, as the intake worker's loop does (parse; ticket +
     * outbox in one transaction per batch; index).
     */
    private PipelineRun runPipeline(Gateway gateway, BenchMail mix, int first, int count, String channel,
                                    ProgressBar bar) throws Exception {
        // The mail is made before the clock starts: generating it is the benchmark's work, not the gateway's.
        List<byte[]> mails = new ArrayList<>(count);
        int[] fromPeople = new int[1];
        for (int n = 0; n < count; n++) {
            BenchMail.Mail mail = mix.next(first + n, Instant.now());
            fromPeople[0] += mail.fromPerson() ? 1 : 0;
            mails.add(mail.raw());
        }
        bar.started(count);
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        Map<Long, ThreadCpu.Sample> threadCpuStarted = ThreadCpu.byThread();
        java.util.concurrent.atomic.AtomicReference<Exception> keepFailure =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong keeperTicks = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong keptAt = new java.util.concurrent.atomic.AtomicLong();
        Thread keeper = new Thread(() -> {
            try {
                for (int from = 0; from < count; from += KEEP_BATCH) {
                    List<IntakePipeline.Incoming> batch = new ArrayList<>();
                    for (int n = from; n < Math.min(count, from + KEEP_BATCH); n++) {
                        byte[] raw = mails.get(n);
                        batch.add(new IntakePipeline.Incoming(channel + ":" + n, sink -> sink.write(raw)));
                    }
                    gateway.pipeline().keepAll(channel, batch);
                }
            } catch (Exception e) {
                keepFailure.set(e);
            } finally {
                keeperTicks.set(ThreadCpu.ownTicks()); // this thread's own time, before it ends
                keptAt.set(System.nanoTime());
            }
        }, "bench-keeper");
        keeper.start();
        // The index is committed (flushed, forced, searchers refreshed) as often as by the started gateway.
        java.util.concurrent.ScheduledExecutorService commits =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "index-commits");
                    thread.setDaemon(true);
                    return thread;
                });
        long every = org.csirtgateway.intake.IndexCommits.INTERVAL.toMillis();
        commits.scheduleWithFixedDelay(gateway.indexCommits()::commitIfChanged, every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        long processed = 0;
        while (processed < count) {
            int done = gateway.pipeline().processDue(IntakePipeline.ROUND);
            processed += done;
            bar.advanced(processed);
            if (done == 0) {
                if (!keeper.isAlive()) {
                    break;
                }
                Thread.sleep(5);
            }
        }
        keeper.join();
        commits.shutdown();
        commits.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        gateway.indexCommits().commitIfChanged();
        if (keepFailure.get() != null) {
            throw keepFailure.get();
        }
        double seconds = seconds(System.nanoTime() - started);
        double cpu = seconds(processCpuNanos() - cpuStarted);
        bar.finished(count);
        Map<String, Long> ticks = new HashMap<>(ThreadCpu.since(threadCpuStarted));
        ticks.merge("keep", keeperTicks.get(), Long::sum);
        return new PipelineRun(seconds, seconds(keptAt.get() - started), cpu, fromPeople[0], ticks);
    }

    private static final String[] STAGES = {GatewayMetrics.KEEP, GatewayMetrics.PARSE,
            GatewayMetrics.STORE_ATTACHMENTS, GatewayMetrics.TICKET, GatewayMetrics.INDEX};

    private static long[] stageCounts(GatewayMetrics metrics) {
        long[] counts = new long[STAGES.length];
        for (int i = 0; i < STAGES.length; i++) {
            counts[i] = metrics.stageCount(STAGES[i]);
        }
        return counts;
    }

    private static double[] stageSums(GatewayMetrics metrics) {
        double[] sums = new double[STAGES.length];
        for (int i = 0; i < STAGES.length; i++) {
            sums[i] = metrics.stageMeanSeconds(STAGES[i]) * metrics.stageCount(STAGES[i]);
        }
        return sums;
    }

    /** Mean seconds per message of each stage since the counts and sums taken before. */
    private static double[] stageMeansSince(GatewayMetrics metrics, long[] counts, double[] sums) {
        long[] countsNow = stageCounts(metrics);
        double[] sumsNow = stageSums(metrics);
        double[] means = new double[STAGES.length];
        for (int i = 0; i < STAGES.length; i++) {
            long n = countsNow[i] - counts[i];
            means[i] = n == 0 ? 0 : (sumsNow[i] - sums[i]) / n;
        }
        return means;
    }

    private static double ms(double seconds) {
        return seconds * 1000;
    }

    private void largeAttachment(PrintWriter out, HeapWatch heap, Path data, Map<String, String> values)
            throws Exception {
        long bytes = largeMb * 1024L * 1024L;
        long before;
        long archiveGrowth;
        ArchivedMessage archived;
        try (Database database = Database.open(data.resolve("bench-large-archive.db"))) {
            RawArchive archive = new RawArchive(data.resolve("bench-large-archive"), database);
            before = heap.usedAfterGc();
            heap.resetPeak();
            archived = archive.store(BenchMail.withLargeAttachment(TEAM, bytes));
            archiveGrowth = heap.peak() - before;
        }
        out.println();
        out.printf("5. Large attachment (%d MB attachment, a %s message):%n", largeMb,
                HeapWatch.mb(archived.sizeBytes()));
        out.printf("   streamed into the archive: heap peak %s above the level before%n", HeapWatch.mb(archiveGrowth));
        out.flush();

        // Through the whole gateway, with the IMAP server in a process of its own (see GreenMailProcess): a fresh
        // gateway fetches the message, keeps it, parses it, stores its attachment, tickets and indexes it.
        Path message = Files.createTempFile(data, "large-", ".eml");
        try (var in = BenchMail.withLargeAttachment(TEAM, bytes)) {
            Files.copy(in, message, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (GreenMailProcess server = GreenMailProcess.start(TEAM, values.get("imap.password"), message)) {
            Map<String, String> large = new HashMap<>(values);
            large.put("imap.port", String.valueOf(server.imapPort()));
            large.put("smtp.port", String.valueOf(server.smtpPort()));
            large.put("data.dir", data.resolve("large").toString());
            try (Gateway gateway = new Gateway(new ConfigLoader(Map.of()).fromValues(large), Clock.systemUTC())) {
                before = heap.usedAfterGc();
                heap.resetPeak();
                long started = System.nanoTime();
                gateway.start();
                awaitCount(gateway.database(), "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending'", 1,
                        started, null, 0, Duration.ofSeconds(300));
                long pipelineGrowth = heap.peak() - before;
                String stored = count(gateway.database(), "SELECT COUNT(*) FROM attachments WHERE stored = 1 "
                        + "AND size_bytes >= " + bytes) == 1 ? "attachment stored" : "attachment NOT stored";
                out.printf(Locale.ROOT, "   through the gateway (IMAP fetch -> archive -> parse -> attachment store "
                                + "-> ticket -> index) in %.1f s, %s: heap peak %s above the level before (%s in "
                                + "use after a full GC; the IMAP server in a process of its own)%n",
                        seconds(System.nanoTime() - started), stored, HeapWatch.mb(pipelineGrowth),
                        HeapWatch.mb(before));
            }
        } finally {
            Files.deleteIfExists(message);
        }
    }

    static long awaitCount(Database db, String sql, long wanted, long started, ProgressBar bar,
                                   long barOffset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long current = count(db, sql);
            if (bar != null) {
                bar.advanced(current - barOffset);
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

    static List<Long> awaitAcknowledged(Database db, Map<String, Long> arrivals, Duration timeout)
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

    static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static long count(Database db, String sql) {
        LongSupplier query = () -> db.read(connection -> Sql.count(connection, sql));
        return query.getAsLong();
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Path defaultCorpus() {
        String home = System.getProperty("csirt.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        return base.toAbsolutePath().resolve("../shared/corpus").normalize();
    }

    static String randomSecret() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }
}
