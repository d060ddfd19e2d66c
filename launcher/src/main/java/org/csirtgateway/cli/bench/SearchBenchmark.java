package org.csirtgateway.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.csirtgateway.index.Indicator;
import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.index.ReportIndex;

/**
 * The search benchmark: builds an index of {@code messages} synthetic reports ({@link SyntheticReports}: English and
 * Japanese, realistic vocabulary and indicators, seeded) and measures indexing rate, search latency per query kind,
 * the near-duplicate check per incoming message and the heap used. Single-threaded indexing and searching, as the
 * gateway does.
 */
public final class SearchBenchmark {

    /** Timed queries per kind (after as many untimed warm-up queries). */
    static final int QUERIES_PER_KIND = 200;
    /** Messages per ticket: 1 to this many (follow-ups, duplicates). */
    static final int MAX_MESSAGES_PER_TICKET = 3;
    /** Indicators and incidents kept aside to build queries. */
    static final int SAMPLE = 2_000;

    private static final String[] TERMS = {"phishing", "malware", "ransomware", "scanning", "credentials", "defaced",
            "spam", "takedown", "vulnerable", "botnet", "フィッシング", "マルウェア", "改ざん", "脆弱性", "迷惑メール",
            "Contoso", "Fabrikam", "サンプル銀行", "brute-force", "trojan"};
    private static final String[] PHRASES = {"\"login page\"", "\"command and control\"", "\"port scan\"",
            "\"remote code execution\"", "\"denial of service\"", "\"フィッシングサイト\"", "\"不正なスクリプト\"",
            "\"take it down\"", "\"firewall logs\"", "\"mail server\""};

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final long seed;
    private final PrintWriter out;

    public SearchBenchmark(long seed, PrintWriter out) {
        this.seed = seed;
        this.out = out;
    }

    /** Runs the benchmark on a fresh index in {@code dir}. */
    public void run(Path dir, int messages) throws IOException, InvalidQueryException {
        SyntheticReports reports = new SyntheticReports(seed);
        Random random = new Random(seed + 1);
        List<Indicator> indicatorSample = new ArrayList<>();
        List<SyntheticReports.Incident> incidentSample = new ArrayList<>();
        out.printf("Benchmark: %,d synthetic messages (30%% Japanese), seed %d, index in %s%n", messages, seed, dir);
        out.printf("Machine: %d available processors (shared with other work), max heap %,d MB, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        out.printf("Load average at start: %s%n", loadAverage());
        long started = System.nanoTime();
        try (ReportIndex index = ReportIndex.open(dir)) {
            int written = 0;
            int ticket = 0;
            long indexingNanos = 0;
            long indexingCpuNanos = 0;
            while (written < messages) {
                SyntheticReports.Incident incident = reports.incident(ticket, 30);
                int count = Math.min(messages - written, 1 + random.nextInt(MAX_MESSAGES_PER_TICKET));
                for (int m = 0; m < count; m++) {
                    SyntheticReports.Report report = reports.write(incident, random.nextInt(3));
                    IndexedMessage message = IndexedMessage.builder(String.valueOf(written), String.format("BENCH#%07d", ticket),
                                    incident.at().plusSeconds(3600L * m))
                            .subject(report.subject()).sender(report.sender()).body(report.body())
                            .indicators(report.indicators()).status(random.nextInt(4) == 0 ? "resolved" : "new")
                            .channel(random.nextInt(5) == 0 ? "abuse" : "csirt")
                            .category(SyntheticReports.kindName(incident.kind())).build();
                    long t = System.nanoTime();
                    long c = CPU.getCurrentThreadCpuTime();
                    index.index(message);
                    written++;
                    if (written % 100_000 == 0) {
                        index.commit();
                    }
                    indexingNanos += System.nanoTime() - t;
                    indexingCpuNanos += CPU.getCurrentThreadCpuTime() - c;
                    if (written % 100_000 == 0) {
                        out.printf("  indexed %,d messages, %,.0f msg/s%n", written, written / (indexingNanos / 1e9));
                        out.flush();
                    }
                }
                sample(indicatorSample, incident.indicators().get(0), ticket, random);
                sample(incidentSample, incident, ticket, random);
                ticket++;
            }
            long commitStart = System.nanoTime();
            index.commit();
            indexingNanos += System.nanoTime() - commitStart;
            double indexSeconds = indexingNanos / 1e9;
            out.printf("Indexing: %,d messages (%,d tickets) in %.1f s of indexing = %,.0f messages/s (analysis, "
                    + "MinHash, commits; generating the synthetic mail took another %.1f s)%n", messages, ticket,
                    indexSeconds, messages / indexSeconds, seconds(started) - indexSeconds);
            out.printf("Indexing CPU time of the indexing thread: %.1f s = %,.0f messages per CPU-second (background "
                    + "merges not included)%n", indexingCpuNanos / 1e9, messages / (indexingCpuNanos / 1e9));
            out.printf("Index size on disk: %,d MB%n", size(dir) >> 20);

            List<String> termQueries = pick(random, i -> TERMS[random.nextInt(TERMS.length)]);
            List<String> phraseQueries = pick(random, i -> PHRASES[random.nextInt(PHRASES.length)]);
            List<String> indicatorQueries = pick(random, i -> {
                Indicator indicator = indicatorSample.get(random.nextInt(indicatorSample.size()));
                return indicator.type() + ":\"" + indicator.value() + "\"";
            });
            List<String> dateQueries = pick(random, i -> {
                LocalDate from = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(3 * 365 - 30));
                return TERMS[random.nextInt(TERMS.length)] + " AND received:[" + from + " TO " + from.plusDays(30)
                        + "]";
            });
            out.println("Search latency (one page of 20 tickets with snippets; " + QUERIES_PER_KIND
                    + " queries per kind after as many warm-up queries); wall clock, and the searching thread's "
                    + "CPU time, which a busy shared machine does not inflate:");
            time(index, "term", termQueries);
            time(index, "phrase", phraseQueries);
            time(index, "indicator", indicatorQueries);
            time(index, "date range + term", dateQueries);

            long[] nearDup = new long[QUERIES_PER_KIND];
            long[] nearDupCpu = new long[QUERIES_PER_KIND];
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < QUERIES_PER_KIND; i++) {
                    SyntheticReports.Incident incident = incidentSample.get(random.nextInt(incidentSample.size()));
                    SyntheticReports.Report variant = reports.forward(reports.write(incident, random.nextInt(3)),
                            incident.japanese());
                    IndexedMessage message = IndexedMessage.builder("probe", "probe", Instant.now())
                            .body(variant.body()).indicators(variant.indicators()).build();
                    long t = System.nanoTime();
                    long c = CPU.getCurrentThreadCpuTime();
                    index.similarTo(message, null, 0.52);
                    nearDup[i] = System.nanoTime() - t;
                    nearDupCpu[i] = CPU.getCurrentThreadCpuTime() - c;
                }
            }
            report("near-duplicate check per incoming message", nearDup, nearDupCpu);
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            out.printf("Heap used after GC (index open): %,d MB%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
            out.printf("Load average at end: %s%n", loadAverage());
        }
        out.flush();
    }

    private static <T> void sample(List<T> sample, T value, int seen, Random random) {
        if (sample.size() < SAMPLE) {
            sample.add(value);
        } else {
            int slot = random.nextInt(seen + 1);
            if (slot < SAMPLE) {
                sample.set(slot, value);
            }
        }
    }

    private List<String> pick(Random random, java.util.function.IntFunction<String> query) {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 2 * QUERIES_PER_KIND; i++) {
            queries.add(query.apply(i));
        }
        return queries;
    }

    private void time(ReportIndex index, String kind, List<String> queries) throws IOException,
            InvalidQueryException {
        long[] nanos = new long[QUERIES_PER_KIND];
        long[] cpu = new long[QUERIES_PER_KIND];
        long hits = 0;
        for (int i = 0; i < queries.size(); i++) {
            long t = System.nanoTime();
            long c = CPU.getCurrentThreadCpuTime();
            hits += index.search(queries.get(i), 20, 0).totalTickets();
            if (i >= QUERIES_PER_KIND) {
                nanos[i - QUERIES_PER_KIND] = System.nanoTime() - t;
                cpu[i - QUERIES_PER_KIND] = CPU.getCurrentThreadCpuTime() - c;
            }
        }
        report(String.format("%-18s (avg %,d matching tickets)", kind, hits / queries.size()), nanos, cpu);
    }

    private void report(String what, long[] nanos, long[] cpu) {
        out.printf("  %-52s wall p50 %6.2f p95 %6.2f max %7.2f ms | CPU p50 %6.2f p95 %6.2f ms%n", what,
                percentile(nanos, 0.5), percentile(nanos, 0.95), percentile(nanos, 1.0), percentile(cpu, 0.5),
                percentile(cpu, 0.95));
        out.flush();
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = Math.max(0, (int) Math.ceil(sorted.length * p) - 1);
        return sorted[i] / 1e6;
    }

    /** The 1, 5 and 15 minute load averages (Linux), so figures can be read against how busy the machine was. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static Instant at(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
