package org.csirtgateway.cli;

import static org.csirtgateway.cli.BenchCommand.awaitAcknowledged;
import static org.csirtgateway.cli.BenchCommand.awaitCount;
import static org.csirtgateway.cli.BenchCommand.count;
import static org.csirtgateway.cli.BenchCommand.loadAverage;
import static org.csirtgateway.cli.BenchCommand.percentile;
import static org.csirtgateway.cli.BenchCommand.processCpuNanos;
import static org.csirtgateway.cli.BenchCommand.seconds;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.cli.bench.GreenMailProcess;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.localmail.DovecotServer;
import org.csirtgateway.localmail.PrivateCa;
import org.csirtgateway.store.Database;

/**
 * Phase 2c of the benchmark: the gateway against a real IMAP server, Debian's Dovecot, started on loopback in a
 * process of its own (IMAPS with a private CA, as a team would run it). The mailbox holds N messages when the gateway
 * starts; the gateway takes them as in production (IMAPS, UID fetch in batches, archive forced and committed, MOVE to
 * the processed folder, then parse, ticket, acknowledge, index) and the phase prints the rate, the CPU of the gateway
 * and of Dovecot, and then the acknowledgement latency of reports APPENDed one by one while the gateway waits with
 * IDLE.
 */
final class DovecotBench {

    private static final String PROCESSED = "Processed";
    private static final String WARMUP_FOLDER = "Warmup";

    private final PrintWriter out;
    private final PrintWriter err;
    private final String team;

    DovecotBench(PrintWriter out, PrintWriter err, String team) {
        this.out = out;
        this.err = err;
        this.team = team;
    }

    /** Prints why the phase is skipped when Dovecot is not installed; false then. */
    boolean available() {
        if (DovecotServer.installed()) {
            return true;
        }
        out.println();
        out.printf("2c. End to end from Dovecot: skipped, %s is not installed (apt-get install dovecot-imapd)%n",
                DovecotServer.BINARY);
        out.flush();
        return false;
    }

    /**
     * Runs the phase: {@code warmup} messages taken from another folder first and not counted, {@code messages} of the
     * mix (numbers from {@code first}) waiting in the mailbox, then
     * {@code latencyMessages} reports at {@code latencyRate} per second. {@code values} configure the gateway (SMTP to
     * the bench's GreenMail); IMAP and the data directory are replaced.
     */
    void run(Map<String, String> values, Path data, BenchMail mix, int first, int warmup, int messages,
             int latencyMessages, int latencyRate) throws Exception {
        Path serverDir = data.resolve("dovecot");
        PrivateCa ca = PrivateCa.create(Files.createDirectories(data.resolve("dovecot-ca")));
        String password = BenchCommand.randomSecret();

        // The mailbox is filled before Dovecot starts, the files written straight into its Maildir: quicker than
        // APPENDing 10,000 messages, and the clock starts with all of them waiting. The warm-up's messages wait in a
        // folder of their own.
        fill(DovecotServer.folder(serverDir, team, WARMUP_FOLDER), mix, first + messages + latencyMessages, warmup);
        int fromPeople = fill(DovecotServer.inbox(serverDir, team), mix, first, messages);
        out.println();
        out.printf("2c. End to end from a real IMAP server: %d messages (%d generated reports, %d real-world) waiting "
                + "in Dovecot %s (a process of its own on loopback, IMAPS with a private CA) when the gateway starts "
                + "-> poller (UID fetch in batches, archive forced + one commit per batch, then MOVE to %s) -> "
                + "pipeline; acknowledgements over SMTP (GreenMail, a process of its own):%n", messages, fromPeople,
                messages - fromPeople, DovecotServer.version(), PROCESSED);
        out.flush();

        try (DovecotServer dovecot = DovecotServer.start(serverDir, ca, team, password);
             GreenMailProcess smtp = GreenMailProcess.start(team, password, null)) {
            Map<String, String> config = new HashMap<>(values);
            config.put("smtp.port", String.valueOf(smtp.smtpPort()));
            config.put("data.dir", data.resolve("dovecot-gateway").toString());
            config.put("imap.host", "127.0.0.1");
            config.put("imap.port", String.valueOf(dovecot.port()));
            config.put("imap.security", "imaps");
            config.put("imap.allowPlain", "false");
            config.put("imap.trustStore", ca.trustStore.toString());
            config.put("imap.trustStorePassword", ca.trustStorePassword);
            config.put("imap.user", team);
            config.put("imap.password", password);
            config.put("imap.processedFolder", PROCESSED);
            if (warmup > 0) {
                // The same gateway (data directory, mailbox) first takes the warm-up folder and stops: the IMAP
                // client, TLS and poller code are compiled, as in a gateway that has run for a while.
                Map<String, String> warm = new HashMap<>(config);
                warm.put("imap.folder", WARMUP_FOLDER);
                try (Gateway gateway = new Gateway(new ConfigLoader(Map.of()).fromValues(warm), Clock.systemUTC())) {
                    long started = System.nanoTime();
                    gateway.start();
                    awaitCount(gateway.database(), "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending'",
                            warmup, started, null, 0, Duration.ofSeconds(Math.max(120, warmup / 10)));
                    // Its acknowledgements go out before the measured run, which then sends only its own.
                    long queued = count(gateway.database(), "SELECT COUNT(*) FROM outbox");
                    awaitCount(gateway.database(), "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'", queued,
                            started, null, 0, Duration.ofSeconds(Math.max(120, queued / 20)));
                    out.printf(Locale.ROOT, "   warm-up: %d other messages taken from the folder %s first, not "
                            + "counted (%.1f s with their acknowledgements); then the gateway is started again on "
                            + "INBOX%n", warmup, WARMUP_FOLDER, seconds(System.nanoTime() - started));
                    out.flush();
                }
            }
            try (Gateway gateway = new Gateway(new ConfigLoader(Map.of()).fromValues(config), Clock.systemUTC());
                 Store mailbox = open(ca, dovecot.port(), password)) {
                backlog(gateway, dovecot, smtp, mailbox, messages);
                latency(gateway, mailbox, mix, first + messages, latencyMessages, latencyRate);
            }
        }
    }

    /** Writes {@code count} messages of the mix into a Maildir folder's new/; returns how many are from people. */
    private static int fill(Path maildir, BenchMail mix, int first, int count) throws java.io.IOException {
        int fromPeople = 0;
        for (int n = 0; n < count; n++) {
            BenchMail.Mail mail = mix.next(first + n, Instant.now());
            fromPeople += mail.fromPerson() ? 1 : 0;
            Files.write(maildir.resolve("new").resolve(String.format(Locale.ROOT, "%d.M%dP0.bench",
                    System.currentTimeMillis() / 1000, first + n)), mail.raw());
        }
        return fromPeople;
    }

    private void backlog(Gateway gateway, DovecotServer dovecot, GreenMailProcess smtp, Store mailbox, int messages)
            throws Exception {
        Database db = gateway.database();
        long lastIdBefore = count(db, "SELECT COALESCE(MAX(id), 0) FROM raw_messages");
        long ticketsBefore = count(db, "SELECT COUNT(*) FROM tickets");
        long quarantinedBefore = count(db, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'");
        long queuedBefore = count(db, "SELECT COUNT(*) FROM outbox");
        ProgressBar bar = ProgressBar.onStderr(err, "dovecot");
        bar.started(messages);
        Map<Long, ThreadCpu.Sample> threadsBefore = ThreadCpu.byThread();
        long dovecotBefore = ProcessTreeCpu.ticks(dovecot.pid());
        long smtpBefore = ProcessTreeCpu.ticks(smtp.pid());
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        gateway.start();
        Duration limit = Duration.ofSeconds(Math.max(120, messages / 10));
        long keptAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages WHERE id > " + lastIdBefore, messages,
                started, null, 0, limit);
        long doneAt = awaitCount(db, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending' AND id > "
                + lastIdBefore, messages, started, bar, 0, limit);
        double cpu = seconds(processCpuNanos() - cpuStarted);
        double dovecotCpu = (ProcessTreeCpu.ticks(dovecot.pid()) - dovecotBefore) / ProcessTreeCpu.TICKS_PER_SECOND;
        double smtpCpu = (ProcessTreeCpu.ticks(smtp.pid()) - smtpBefore) / ProcessTreeCpu.TICKS_PER_SECOND;
        Map<String, Long> threads = ThreadCpu.since(threadsBefore);
        String load = loadAverage();
        bar.finished(messages);
        long queued = count(db, "SELECT COUNT(*) FROM outbox") - queuedBefore;
        long drainedAt = awaitCount(db, "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'",
                queuedBefore + queued, started, null, 0, Duration.ofSeconds(Math.max(120, queued / 20)));

        double processed = seconds(doneAt - started);
        out.printf(Locale.ROOT, "   all kept (archived, forced, committed, then moved on the server) after %.1f s => "
                + "%.0f messages/s kept%n", seconds(keptAt - started), messages / seconds(keptAt - started));
        out.printf(Locale.ROOT, "   all processed (ticket + acknowledgement queued + indexed) after %.1f s => %.0f "
                + "messages/s end to end          target >= 1000/s%n", processed, messages / processed);
        out.printf(Locale.ROOT, "   on the server: %d left in INBOX, %d in %s (the warm-up's included); %d new "
                        + "tickets, %d quarantined%n", messageCount(mailbox, "INBOX"), messageCount(mailbox, PROCESSED),
                PROCESSED, count(db, "SELECT COUNT(*) FROM tickets") - ticketsBefore,
                count(db, "SELECT COUNT(*) FROM raw_messages WHERE state = 'quarantined'") - quarantinedBefore);
        out.printf(Locale.ROOT, "   CPU until processed, per message: the gateway %.2f ms (%s), Dovecot %.2f ms, the "
                        + "SMTP server taking the acknowledgements meanwhile (GreenMail, a process of its own) %.2f ms; "
                        + "together %.2f ms on %d cores; load average %s%n", cpu * 1000 / messages,
                ThreadCpu.describe(threads), dovecotCpu * 1000 / messages, smtpCpu * 1000 / messages,
                (cpu + dovecotCpu + smtpCpu) * 1000 / messages, BenchCommand.cores(), load);
        out.printf(Locale.ROOT, "   so the gateway alone could take at most %.0f messages/s on these %d cores%n",
                BenchCommand.cores() * messages / cpu, BenchCommand.cores());
        out.printf(Locale.ROOT, "   %d acknowledgements accepted by SMTP after %.1f s%n", queued,
                seconds(drainedAt - started));
        out.flush();
    }

    /** Reports APPENDed one by one to the INBOX while the gateway waits with IDLE; arrival = APPEND completed. */
    private void latency(Gateway gateway, Store mailbox, BenchMail mix, int first, int reports, int rate)
            throws Exception {
        if (reports == 0) {
            return;
        }
        Session session = Session.getInstance(new Properties());
        Map<String, Long> arrivals = new HashMap<>();
        long interval = Math.max(1, 1000 / Math.max(1, rate));
        Folder inbox = mailbox.getFolder("INBOX");
        for (int i = 0; i < reports; i++) {
            BenchMail.Mail report = mix.report(first + i, Instant.now());
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(report.raw()));
            inbox.appendMessages(new Message[] {message});
            arrivals.put(report.messageId(), System.currentTimeMillis());
            Thread.sleep(interval);
        }
        List<Long> latencies = awaitAcknowledged(gateway.database(), arrivals, Duration.ofSeconds(180));
        out.printf("   acknowledgement latency, %d reports APPENDed at %d/s while the gateway waits with IDLE, "
                + "APPEND done -> accepted by the SMTP server:%n", reports, rate);
        if (latencies.size() < arrivals.size()) {
            out.printf("   only %d of %d acknowledged within 180 s%n", latencies.size(), arrivals.size());
        }
        if (!latencies.isEmpty()) {
            out.printf(Locale.ROOT, "   p50 %d ms, p95 %d ms, max %d ms              target p95 < 2000 ms with IDLE%n",
                    percentile(latencies, 50), percentile(latencies, 95), latencies.get(latencies.size() - 1));
        }
        out.flush();
    }

    /** A client of our own to the mailbox, trusting the private CA, for APPEND and for counting. */
    private Store open(PrivateCa ca, int port, String password) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", ca.clientContext().getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("127.0.0.1", port, team, password);
        return store;
    }

    private static int messageCount(Store store, String name) throws MessagingException {
        Folder folder = store.getFolder(name);
        return folder.exists() ? folder.getMessageCount() : -1;
    }
}
