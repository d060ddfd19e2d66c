package org.csirtgateway.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyGenerator;
import org.bouncycastle.openpgp.api.OpenPGPMessageGenerator;
import org.bouncycastle.openpgp.api.OpenPGPMessageOutputStream;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.csirtgateway.parse.ReportParser;

/**
 * How many PGP/MIME encrypted and signed reports per second the crypto stage and the parser get through: the part of
 * intake that OpenPGP adds. Keys are made fresh (RSA-3072 or Curve25519 team key, Curve25519 reporter key), reports
 * are distinct, every result is checked to be decrypted with a good signature, so a fast wrong answer cannot pass.
 * With several team keys (key rotation) the reports are spread over them in turn, so every batch needs each key.
 */
public final class PgpBench {

    /** One run's figures. */
    public record Figures(String teamKey, int teamKeys, int reports, int threads, double seconds, double cpuSeconds,
                          int wrong) {
        public double perSecond() {
            return reports / seconds;
        }

        /** CPU time per report: what the machine's load cannot distort. */
        public double cpuMillisPerReport() {
            return cpuSeconds * 1000 / reports;
        }

        @Override
        public String toString() {
            int cpus = Runtime.getRuntime().availableProcessors();
            return String.format("%-10s team key x%d: %d encrypted+signed reports in %.2f s = %.0f reports/s "
                    + "(%d threads, %d CPUs, load average %.1f); %.2f ms CPU per report = %.0f reports/s on %d idle "
                    + "CPUs%s", teamKey, teamKeys, reports, seconds, perSecond(), threads, cpus,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    cpuMillisPerReport(), cpus * 1000 / cpuMillisPerReport(), cpus,
                    wrong == 0 ? "" : "  WRONG RESULTS: " + wrong);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private PgpBench() {
    }

    /**
     * @param kind     "rsa3072" or "curve25519"
     * @param teamKeys how many team keys of that kind the gateway holds; report i is encrypted to key i mod teamKeys
     */
    public static Figures run(String kind, int teamKeys, int reports, int threads) throws Exception {
        BcOpenPGPApi api = new BcOpenPGPApi();
        Date now = new Date(System.currentTimeMillis() - 60_000);
        List<OpenPGPKey> team = new ArrayList<>();
        for (int k = 0; k < teamKeys; k++) {
            OpenPGPKeyGenerator teamGenerator = api.generateKey(PublicKeyPacket.VERSION_4, now, false);
            String userId = "Bench CSIRT " + k + " <csirt@example.org>";
            team.add(kind.equals("rsa3072") ? teamGenerator.compositeRSAKey(3072, userId).build()
                    : teamGenerator.ed25519x25519Key(userId).build());
        }
        OpenPGPKey reporter = api.generateKey(PublicKeyPacket.VERSION_4, now, false)
                .ed25519x25519Key("Bench Reporter <reporter@example.net>").build();
        // Shared by every thread like the team keys, so checked once first (see SettledCertificates).
        OpenPGPCertificate reporterCertificate = SettledCertificates.settle(reporter.toCertificate());

        List<byte[]> mails = new ArrayList<>();
        int distinct = Math.min(reports, 200);
        for (int i = 0; i < distinct; i++) {
            mails.add(report(i, team.get(i % teamKeys).toCertificate(), reporter));
        }
        PgpUnwrapper unwrapper = new PgpUnwrapper(new PgpMessages(TeamKeys.of(team),
                id -> reporterCertificate.getKey(id) != null ? Optional.of(reporterCertificate) : Optional.empty(),
                PgpLimits.DEFAULT));
        ReportParser parser = new ReportParser();

        // Warm-up, not counted: compiled code is measured (a fresh JVM compiles for its first few thousand reports).
        process(unwrapper, parser, mails, Math.min(reports, 2000), threads, new AtomicLong());
        AtomicLong cpuNanos = new AtomicLong();
        long start = System.nanoTime();
        int wrong = process(unwrapper, parser, mails, reports, threads, cpuNanos);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(kind.equals("rsa3072") ? "RSA-3072" : "Curve25519", teamKeys, reports, threads, seconds,
                cpuNanos.get() / 1e9, wrong);
    }

    /** The MIME entity of report {@code i}: distinct text (its number is checked after opening) and a CSV file. */
    static String entity(int i) {
        String text = ("Dear CSIRT, this is report number " + i + " about a phishing campaign. "
                + "Credentials of staff were entered at hxxp://login-" + i + ".example/.\r\n").repeat(12);
        String entity = "Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n"
                + "--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n"
                + "--inner\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"ips.csv\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(("ip\r\n198.51.100." + (i % 250) + "\r\n").repeat(40)
                .getBytes(StandardCharsets.US_ASCII)) + "\r\n--inner--\r\n";
        return entity;
    }

    static int process(PgpUnwrapper unwrapper, ReportParser parser, List<byte[]> mails, int count,
                               int threads, AtomicLong cpuNanos) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(mails.get(i % mails.size()));
                        try {
                            String body = parser.parse(new ByteArrayInputStream(unwrapped.mime())).bodyText();
                            if (!unwrapped.status().encryption().equals(CryptoStatus.DECRYPTED)
                                    || !unwrapped.status().signature().equals(CryptoStatus.GOOD)
                                    || !body.contains("report number " + (i % mails.size()) + " ")) {
                                wrong.incrementAndGet();
                            }
                        } catch (org.csirtgateway.parse.ParseException e) {
                            wrong.incrementAndGet();
                        }
                    }
                    cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return wrong.get();
    }

    private static byte[] report(int i, OpenPGPCertificate team, OpenPGPKey reporter) throws Exception {
        String entity = entity(i);
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (OpenPGPMessageOutputStream out = new OpenPGPMessageGenerator().setArmored(true)
                .addEncryptionCertificate(team).addSigningKey(reporter).open(ciphertext)) {
            out.write(entity.getBytes(StandardCharsets.UTF_8));
        }
        return ("From: Bench Reporter <reporter@example.net>\r\nTo: csirt@example.org\r\n"
                + "Subject: Report " + i + "\r\nMessage-ID: <bench-" + i + "@example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"enc\"\r\n\r\n"
                + "--enc\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
                + "--enc\r\nContent-Type: application/octet-stream\r\n\r\n"
                + ciphertext.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", "\r\n")
                + "\r\n--enc--\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
