package org.csirtgateway.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.intake.IntakeObserver;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.DerivedState;
import org.csirtgateway.testing.GatewayProcessMain;
import org.csirtgateway.testing.MailboxClient;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, proven: the gateway runs as a separate JVM and is stopped dead while 2,000 reports (100 re-sent
 * copies, and 40 reports resent in other words) flow in through GreenMail, which lives in this JVM and so survives
 * every stop: first at each named stage boundary of the intake (the process halts there, as a SIGKILL would stop it),
 * then with SIGKILL at random moments. After the last restart has drained everything: every report has exactly one
 * ticket, no message was lost or kept twice, every copy sits on its report's ticket, the mailbox is empty (all moved to
 * the processed folder), no reporter received an acknowledgement twice, and everything derived (each ticket's
 * messages, status, category and triage, the near-duplicate proposals, the results of a list of searches) equals what
 * a run over the same mail without any kill gives.
 *
 * <p>Acknowledgement semantics (see OutboxSender): a mail the SMTP server accepted is never sent again. A kill while
 * a mail is being handed to the server leaves it 'uncertain' (at most one per kill), never resent automatically.
 */
class CrashSafetyIT {

    private static final int REPORTS = 2000;
    private static final int RESENT_COPIES = 100;
    /** Every 50th report is resent later as a new mail in other words ("RESEND: ..."): a near-duplicate. */
    private static final int RESENT_REWORDED = REPORTS / 50;
    private static final int TICKETS = REPORTS + RESENT_REWORDED;
    private static final int MESSAGES = TICKETS + RESENT_COPIES;
    private static final int RANDOM_KILLS = 3;
    /** Each named boundary is halted at the second time it is passed after a start. */
    private static final List<IntakeObserver.Boundary> BOUNDARIES = List.of(IntakeObserver.Boundary.values());
    private static final Duration DRAIN = Duration.ofMinutes(6);
    private static final Pattern TICKET = Pattern.compile("CSIRT#\\d{4}-\\d{6}");
    private static final List<String> QUERIES = List.of("suspicious", "RESEND", "ip:192.0.2.7", "number",
            "\"activity number 1234\"", "status:new", "credentials");

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private final List<GreenMail> servers = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        processes.forEach(Process::destroyForcibly);
        servers.forEach(GreenMail::stop);
    }

    @Test
    void everyReportHasOneTicketNoAcknowledgementIsSentTwiceAndTheDerivedStateIsThatOfARunWithoutKills()
            throws Exception {
        DerivedState reference = run("reference", new Random(1), false);
        long seed = System.nanoTime();
        System.out.println("CrashSafetyIT random seed " + seed);
        DerivedState killed = run("killed", new Random(seed), true);

        assertThat(reference.tickets()).hasSize(TICKETS);
        assertThat(reference.proposals()).as("resent reports are proposed as duplicates").isNotEmpty();
        assertThat(reference.triage()).as("every ticket triaged").hasSize(TICKETS);
        assertThat(killed.tickets()).as("each ticket's Message-IDs, status and category").isEqualTo(
                reference.tickets());
        assertThat(killed.triage()).as("triage").isEqualTo(reference.triage());
        assertThat(killed.proposals()).as("near-duplicate proposals").isEqualTo(reference.proposals());
        assertThat(killed.searches()).as("search results").isEqualTo(reference.searches());
        assertThat(killed.stagesDue()).isZero();
    }

    /**
     * Feeds the mail into a fresh mailbox while a gateway takes it, stopping the gateway dead at every named boundary
     * and then at random moments when {@code kill} is set; drains; checks what must hold after any kill; returns the
     * derived state.
     */
    private DerivedState run(String name, Random random, boolean kill) throws Exception {
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        servers.add(mail);
        mail.start();
        GreenMailUser mailbox = mail.setUser(TestGatewayConfig.TEAM_ADDRESS, TestGatewayConfig.TEAM_ADDRESS,
                TestGatewayConfig.MAILBOX_PASSWORD);
        Path dataDir = work.resolve(name);
        AtomicInteger delivered = new AtomicInteger();
        Thread feeder = new Thread(() -> feed(mailbox, delivered), "feeder-" + name);
        feeder.start();

        int run = 0;
        if (kill) {
            for (IntakeObserver.Boundary boundary : BOUNDARIES) {
                Process gateway = startGateway(mail, dataDir, name + "-" + ++run,
                        GatewayProcessMain.HALT_AT + "=" + boundary + ":2");
                boolean stopped = gateway.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(stopped).as("the gateway reached %s a second time and halted there", boundary).isTrue();
                assertThat(gateway.exitValue()).as("halted at %s, not ended otherwise", boundary)
                        .isEqualTo(GatewayProcessMain.HALTED);
                System.out.println("CrashSafetyIT: halted at " + boundary + " after " + delivered.get()
                        + " delivered, " + ticketsSoFar(dataDir) + " tickets");
            }
            for (int i = 1; i <= RANDOM_KILLS; i++) {
                Process gateway = startGateway(mail, dataDir, name + "-" + ++run);
                Thread.sleep(3000 + random.nextInt(4000));
                gateway.destroyForcibly();
                gateway.waitFor();
                System.out.println("CrashSafetyIT: SIGKILL after " + delivered.get() + " delivered, "
                        + ticketsSoFar(dataDir) + " tickets");
            }
        }
        feeder.join();
        Process last = startGateway(mail, dataDir, name + "-" + ++run);

        try (Database database = Database.open(dataDir.resolve("gateway.db"))) {
            awaitDrained(database, last);
            last.destroy();
            last.waitFor();
            assertEveryReportHasExactlyOneTicket(database);
            try (MailboxClient client = MailboxClient.plain(mail.getImap().getPort(), TestGatewayConfig.TEAM_ADDRESS,
                    TestGatewayConfig.MAILBOX_PASSWORD)) {
                assertThat(client.count("INBOX")).as("messages left in the inbox").isZero();
                assertThat(client.count("Processed")).as("messages in the processed folder").isEqualTo(MESSAGES);
            }
            assertNoAcknowledgementSentTwice(mail, database, kill ? BOUNDARIES.size() + RANDOM_KILLS : 0);
        }
        try (GatewayCore core = new GatewayCore(new ConfigLoader(Map.of()).forDataDirectory(dataDir),
                java.time.Clock.systemUTC(), GatewayCore.Commits.EACH_BATCH)) {
            return DerivedState.of(core, QUERIES);
        }
    }

    private void feed(GreenMailUser mailbox, AtomicInteger delivered) {
        Session session = Session.getInstance(new java.util.Properties());
        for (int i = 1; i <= REPORTS; i++) {
            mailbox.deliver(report(session, i, Map.of()));
            delivered.incrementAndGet();
            if (i % 20 == 0) {
                // A re-sent copy of an earlier report: same Message-ID, other bytes.
                mailbox.deliver(report(session, i - 10, Map.of("X-Resent", "copy of report " + (i - 10))));
                delivered.incrementAndGet();
            }
            if (i % 50 == 30) {
                // A report resent as a new mail in other words, a while after the one it repeats.
                mailbox.deliver(resent(session, i - 5));
                delivered.incrementAndGet();
            }
            if (i % 100 == 0) {
                sleepQuietly(300); // a steady flow for the stops at each boundary
            }
        }
    }

    private static MimeMessage report(Session session, int i, Map<String, String> headers) {
        return Mails.message(session, "reporter-" + i + "@isp" + (i % 7) + ".example", TestGatewayConfig.TEAM_ADDRESS,
                "Incident report " + i, text(i),
                "crash-" + i + "@isp.example", headers);
    }

    /** Report {@code i} sent again as a new mail: a new greeting, a line of its own, the same incident. */
    private static MimeMessage resent(Session session, int i) {
        return Mails.message(session, "reporter-" + i + "@isp" + (i % 7) + ".example", TestGatewayConfig.TEAM_ADDRESS,
                "RESEND: Incident report " + i, "Dear CSIRT team,\n\nWe reported this last week and have had no "
                        + "answer yet.\n\n" + text(i), "crash-resent-" + i + "@isp.example", Map.of());
    }

    private static String text(int i) {
        return i % 50 != 25 ? "Suspicious activity number " + i + " from 192.0.2." + (i % 250)
                : "Hello,\n\nA phishing page at https://login-" + i + ".bank" + i + ".example/verify.php on 192.0.2."
                        + (i % 250) + " imitates the online banking of bank " + i + " and collects the credentials "
                        + "of its customers. Mails linking to it reached our users this morning.\n\nRegards,\nNOC";
    }

    private Process startGateway(GreenMail mail, Path dataDir, String run, String... more) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                GatewayProcessMain.class.getName(), String.valueOf(mail.getImap().getPort()),
                String.valueOf(mail.getSmtp().getPort()), dataDir.toString(),
                TestGatewayConfig.templatesDir().toString(), "imap.processedFolder=Processed",
                // 2,000 reporters from 7 domains: the flood limits are not what this test is about.
                "acknowledgement.maxPerSenderPerHour=100000", "acknowledgement.maxPerDomainPerHour=100000");
        builder.command().addAll(List.of(more));
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve("gateway-run-" + run + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void awaitDrained(Database database, Process gateway) throws Exception {
        Instant deadline = Instant.now().plus(DRAIN);
        while (true) {
            boolean drained = database.read(connection ->
                    Sql.count(connection, "SELECT COUNT(*) FROM raw_messages") == MESSAGES
                            && Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state <> 'processed'")
                            == 0
                            && Sql.count(connection, "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', "
                            + "'sending')") == 0
                            && Sql.count(connection, "SELECT COUNT(*) FROM outbox") == TICKETS
                            && Sql.count(connection, "SELECT COUNT(*) FROM stages_due") == 0);
            if (drained) {
                return;
            }
            assertThat(gateway.isAlive()).as("the gateway process is running").isTrue();
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not drained after " + DRAIN + ": " + state(database) + "; logs in " + work);
            }
            Thread.sleep(500);
        }
    }

    private static String state(Database database) {
        return database.read(connection -> "raw by state " + Sql.list(connection,
                "SELECT state || '=' || COUNT(*) FROM raw_messages GROUP BY state", row -> row.getString(1))
                + ", outbox by state " + Sql.list(connection,
                "SELECT state || '=' || COUNT(*) FROM outbox GROUP BY state", row -> row.getString(1)));
    }

    private static void assertEveryReportHasExactlyOneTicket(Database database) {
        database.read(connection -> {
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM tickets")).as("tickets").isEqualTo(TICKETS);
            assertThat(Sql.count(connection, "SELECT COUNT(DISTINCT message_id) FROM messages WHERE role = 'report'"))
                    .as("distinct reports, each opening a ticket").isEqualTo(TICKETS);
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM messages")).as("messages kept exactly once")
                    .isEqualTo(MESSAGES);
            assertThat(Sql.count(connection, "SELECT COUNT(*) FROM messages WHERE role = 'duplicate'"))
                    .as("re-sent copies placed as duplicates").isEqualTo(RESENT_COPIES);
            assertThat(Sql.count(connection, """
                    SELECT COUNT(*) FROM messages d JOIN messages r ON r.message_id = d.message_id
                     WHERE d.role = 'duplicate' AND r.role = 'report' AND d.ticket_id <> r.ticket_id"""))
                    .as("copies on another ticket than their report").isZero();
            for (int i = 1; i <= REPORTS; i++) {
                assertThat(Sql.count(connection, "SELECT COUNT(DISTINCT ticket_id) FROM messages WHERE message_id = ?",
                        "crash-" + i + "@isp.example")).as("tickets of report " + i).isEqualTo(1);
            }
            return null;
        });
    }

    private static void assertNoAcknowledgementSentTwice(GreenMail mail, Database database, int kills)
            throws MessagingException {
        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage ack : mail.getReceivedMessages()) {
            if (!TestGatewayConfig.TEAM_ADDRESS.equals(recipient(ack))) {
                Matcher ticket = TICKET.matcher(ack.getSubject());
                assertThat(ticket.find()).as("acknowledgement subject names its ticket: " + ack.getSubject()).isTrue();
                received.merge(ticket.group(), 1, Integer::sum);
            }
        }
        assertThat(received.values()).as("acknowledgements per ticket").allMatch(count -> count == 1);
        Map<String, String> outbox = new HashMap<>();
        database.read(connection -> Sql.list(connection, "SELECT ticket_id, state FROM outbox",
                row -> outbox.put(row.getString(1), row.getString(2))));
        List<String> uncertain = outbox.entrySet().stream().filter(e -> e.getValue().equals("uncertain"))
                .map(Map.Entry::getKey).toList();
        System.out.println("CrashSafetyIT: " + received.size() + " acknowledgements received once each, "
                + uncertain.size() + " uncertain after kills: " + uncertain);
        assertThat(uncertain.size()).as("uncertain acknowledgements (at most one per kill)").isLessThanOrEqualTo(kills);
        outbox.forEach((ticket, state) -> {
            if (state.equals("sent")) {
                assertThat(received.get(ticket)).as("acknowledgements received for " + ticket).isEqualTo(1);
            } else {
                assertThat(state).as("outbox state of " + ticket).isEqualTo("uncertain");
            }
        });
    }

    private static String recipient(MimeMessage message) throws MessagingException {
        return message.getAllRecipients() == null ? "" : message.getAllRecipients()[0].toString();
    }

    private static long ticketsSoFar(Path dataDir) {
        if (!Files.exists(dataDir.resolve("gateway.db"))) {
            return 0;
        }
        try {
            return Database.open(dataDir.resolve("gateway.db")).read(connection ->
                    Sql.count(connection, "SELECT COUNT(*) FROM tickets"));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
