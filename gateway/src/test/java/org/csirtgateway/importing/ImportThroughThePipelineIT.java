package org.csirtgateway.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.DerivedState;
import org.csirtgateway.testing.Gpg;
import org.csirtgateway.testing.ImportMain;
import org.csirtgateway.testing.PgpMails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History imported through the gateway's own pipeline: encrypted reports are decrypted with the team's key, every
 * ticket is triaged and compared with the earlier reports like live mail, and an import killed half-way (SIGKILL, in a
 * JVM of its own) and run again gives exactly what one uninterrupted import gives.
 */
class ImportThroughThePipelineIT {

    private static final String TEAM_UID = "Example CSIRT <csirt@example.org>";
    private static final String REPORTER_UID = "Alice <alice@isp.example>";
    private static final List<String> QUERIES = List.of("secure-login42", "Contoso", "ip:198.51.100.23",
            "resolver", "campaign", "status:new", "payroll");

    @TempDir
    static Path keysDir;
    private static Gpg gpg;
    private static Path teamKeyFile;

    @TempDir
    Path work;

    @BeforeAll
    static void makeKeysWithGnuPG() throws Exception {
        assumeTrue(Gpg.available(), "gpg is not installed (.ci/run installs gnupg)");
        gpg = Gpg.in(keysDir);
        gpg.generateKey(TEAM_UID, "25519");
        gpg.generateKey(REPORTER_UID, "25519");
        teamKeyFile = Files.writeString(keysDir.resolve("team.sec.asc"), gpg.exportSecret(TEAM_UID));
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void encryptedHistoryIsDecryptedSearchableTriagedAndAResentReportIsProposedAsADuplicateOfItsOriginal()
            throws Exception {
        Path mbox = mbox(work.resolve("history.mbox"), List.of(
                encrypted("Phishing page", "p-1@isp.example", PHISHING_PAGE),
                plain("soc@contoso.example", "Fake Contoso login", "c-1@contoso.example", FAKE_CONTOSO_LOGIN),
                plain("noc@hoster.example", "Open resolver", "o-1@hoster.example",
                        "Dear CSIRT,\n\nThe host 192.0.2.53 answers recursive DNS queries from anywhere.\n"),
                encrypted("RESEND: Phishing page", "p-2@isp.example", PHISHING_PAGE.replace("Hello,",
                        "Dear colleagues, we sent this last week and have had no answer yet.\n"))));

        try (GatewayCore core = coreWithTeamKey(work.resolve("data"))) {
            ImportSummary summary = new MailImporter(core.pipeline(), core.database(), "import")
                    .run(ImportPlan.of(List.of(mbox)), ImportProgress.NONE);
            assertThat(summary.imported()).isEqualTo(4);

            DerivedState state = DerivedState.of(core, QUERIES);
            assertThat(state.searches().get("secure-login42")).as("the encrypted reports' text is searchable")
                    .hasSize(3);
            assertThat(state.searches().get("ip:198.51.100.23")).hasSize(3);
            assertThat(texts(core.database(), "SELECT body_text FROM messages"))
                    .noneMatch(body -> body.contains("No secret key"));
            assertThat(texts(core.database(), "SELECT encryption FROM message_crypto WHERE encryption <> 'none'"))
                    .as("both encrypted reports were decrypted").containsExactly("decrypted", "decrypted");
            assertThat(state.triage()).as("every ticket is triaged").hasSize(state.tickets().size());
            assertThat(state.triage().values()).noneMatch(line -> line.contains("Exception"));
            String original = ticketWithSubject(core, "Phishing page");
            String resent = ticketWithSubject(core, "RESEND: Phishing page");
            assertThat(state.proposals()).contains(resent + " -> " + original,
                    ticketWithSubject(core, "Fake Contoso login") + " -> " + original);
            assertThat(state.proposals()).as("the first report proposes nothing later")
                    .noneMatch(pair -> pair.startsWith(original + " "));
            assertThat(state.stagesDue()).as("nothing left undone").isZero();
            assertThat(texts(core.database(), "SELECT id FROM outbox")).as("nothing acknowledged").isEmpty();
        }
    }

    @Test
    void aResentReportIsProposedAsADuplicateWhenOneCameLiveAndTheOtherWasImportedEitherWayRound() throws Exception {
        byte[] original = encrypted("Phishing page", "p-1@isp.example", PHISHING_PAGE);
        byte[] resent = encrypted("RESEND: Phishing page", "p-2@isp.example", PHISHING_PAGE.replace("Hello,",
                "Dear colleagues, we sent this last week and have had no answer yet.\n"));

        try (GatewayCore core = coreWithTeamKey(work.resolve("imported-then-live"))) {
            new MailImporter(core.pipeline(), core.database(), "import").run(ImportPlan.of(List.of(
                    mbox(work.resolve("original.mbox"), List.of(original)))), ImportProgress.NONE);
            arriveLive(core, resent);
            assertThat(DerivedState.of(core, QUERIES).proposals()).containsExactly(
                    ticketWithSubject(core, "RESEND: Phishing page") + " -> " + ticketWithSubject(core,
                            "Phishing page"));
        }
        try (GatewayCore core = coreWithTeamKey(work.resolve("live-then-imported"))) {
            arriveLive(core, original);
            new MailImporter(core.pipeline(), core.database(), "import").run(ImportPlan.of(List.of(
                    mbox(work.resolve("resent.mbox"), List.of(resent)))), ImportProgress.NONE);
            assertThat(DerivedState.of(core, QUERIES).proposals()).containsExactly(
                    ticketWithSubject(core, "RESEND: Phishing page") + " -> " + ticketWithSubject(core,
                            "Phishing page"));
        }
    }

    /** A message as the mailbox poller hands it over (kept as fetched), processed as the intake worker does. */
    private static void arriveLive(GatewayCore core, byte[] message) throws Exception {
        core.pipeline().keepAll("csirt", List.of(new IntakePipeline.Incoming("imap:INBOX:1:" + message.length,
                out -> out.write(message))));
        core.pipeline().processPending();
        core.pipeline().finishAllIncomplete(done -> { });
        core.pipeline().commitIndexNow();
    }

    @Test
    void anImportKilledHalfWayAndRunAgainGivesExactlyTheTicketsOfOneUninterruptedImport() throws Exception {
        Path mbox = mbox(work.resolve("campaigns.mbox"), campaigns(1_500));
        Path reference = work.resolve("reference");
        try (GatewayCore core = coreWithTeamKey(reference)) {
            new MailImporter(core.pipeline(), core.database(), "import")
                    .run(ImportPlan.of(List.of(mbox)), ImportProgress.NONE);
        }

        Path interrupted = work.resolve("interrupted");
        Process importing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ImportMain.class.getName(),
                interrupted.toString(), teamKeyFile.toString(), mbox.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("import.log").toFile()).start();
        long placed = awaitPlaced(interrupted, 400, importing, work.resolve("import.log"));
        importing.destroyForcibly().waitFor();
        assertThat(placed).as("killed half-way, not after the end").isLessThan(1_500);

        try (Database database = Database.open(interrupted.resolve("gateway.db"))) {
            long undone = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM stages_due")
                    + Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'pending'"));
            assertThat(undone).as("the kill left stages and messages undone").isPositive();
        }
        try (GatewayCore core = coreWithTeamKey(interrupted)) {
            new MailImporter(core.pipeline(), core.database(), "import")
                    .run(ImportPlan.of(List.of(mbox)), ImportProgress.NONE);
        }

        try (GatewayCore expected = coreWithTeamKey(reference); GatewayCore actual = coreWithTeamKey(interrupted)) {
            DerivedState want = DerivedState.of(expected, QUERIES);
            DerivedState got = DerivedState.of(actual, QUERIES);
            assertThat(want.tickets().size()).as("a ticket per report").isEqualTo(1_500);
            assertThat(want.proposals()).as("the campaigns' reports are proposed as duplicates").isNotEmpty();
            assertThat(got.tickets()).isEqualTo(want.tickets());
            assertThat(got.triage()).isEqualTo(want.triage());
            assertThat(got.proposals()).isEqualTo(want.proposals());
            assertThat(got.searches()).isEqualTo(want.searches());
            assertThat(got.stagesDue()).isZero();
        }
    }

    /** Waits until at least {@code count} messages are placed in the import's database; returns how many. */
    private static long awaitPlaced(Path data, long count, Process importing, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Path file = data.resolve("gateway.db");
        while (System.nanoTime() < deadline && importing.isAlive()) {
            if (Files.exists(file)) {
                // Read as a bystander, without Database.open: that would migrate the schema while the import does.
                try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
                    long placed = Sql.count(connection, "SELECT COUNT(*) FROM raw_messages WHERE state = 'processed'");
                    if (placed >= count) {
                        return placed;
                    }
                } catch (java.sql.SQLException notYetThere) {
                    // the importing JVM is still creating the schema
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the import placed fewer than " + count + " messages before it "
                + (importing.isAlive() ? "timed out" : "ended") + "; its output:\n" + Files.readString(log));
    }

    private static GatewayCore coreWithTeamKey(Path data) {
        return new GatewayCore(new ConfigLoader(Map.of("CSIRT_PGP_SECRET_KEYS", teamKeyFile.toString()))
                .forDataDirectory(data), Clock.systemUTC(), GatewayCore.Commits.SCHEDULED);
    }

    private static String ticketWithSubject(GatewayCore core, String subject) {
        return core.database().read(connection -> Sql.one(connection, "SELECT id FROM tickets WHERE subject = ?",
                row -> row.getString(1), subject)).orElseThrow();
    }

    private static List<String> texts(Database database, String sql) {
        return database.read(connection -> Sql.list(connection, sql, row -> row.getString(1)));
    }

    private static final String PHISHING_PAGE = "Hello,\n\nWe detected a phishing page at "
            + "https://secure-login42.example/verify/abc.php on 198.51.100.23 that imitates Contoso Bank and steals "
            + "customer credentials.\n\nRegards,\nA\n";
    private static final String FAKE_CONTOSO_LOGIN = "Hi team,\n\nOur clients received mails linking to "
            + "https://secure-login42.example/verify/abc.php, a fake Contoso Bank login served from 198.51.100.23. "
            + "Please arrange a takedown.\n\nCheers\n";

    private static byte[] encrypted(String subject, String messageId, String text) {
        return PgpMails.encrypted(gpg, PgpMails.headers(REPORTER_UID, "csirt@example.org", subject, messageId),
                "Content-Type: text/plain; charset=utf-8\r\n\r\n" + PgpMails.crlf(text), TEAM_UID, null);
    }

    private static byte[] plain(String from, String subject, String messageId, String text) {
        return (PgpMails.headers(from, "csirt@example.org", subject, messageId)
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + PgpMails.crlf(text))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reports of 60 campaigns, each reported again and again in other words by other reporters: many are proposed as
     * duplicates of earlier ones, and a few of each campaign are encrypted.
     */
    private static List<byte[]> campaigns(int count) {
        List<byte[]> reports = new java.util.ArrayList<>();
        String[] greetings = {"Hello,", "Dear CSIRT,", "Hi team,", "Good morning,", "To whom it may concern,"};
        String[] closings = {"Regards", "Thanks", "Cheers", "Best", "Kind regards"};
        for (int i = 0; i < count; i++) {
            int campaign = i % 60;
            int host = 10 + campaign;
            String text = greetings[i % greetings.length] + "\n\nCampaign " + campaign + ": a phishing page at "
                    + "https://login-" + campaign + ".bank" + campaign + ".example/verify.php on 198.51.100." + host
                    + " imitates bank number " + campaign + " and steals the credentials of its customers. "
                    + (i % 3 == 0 ? "We saw it in mails sent to our users this morning. " : "Please take it down. ")
                    + "Our reference for it is case " + (7_000 + i) + ", first seen at " + (i % 24) + ":"
                    + (10 + i % 50) + " local time.\n"
                    + "\n" + closings[(i / 7) % closings.length] + ",\nReporter " + i + "\n";
            String subject = "Phishing report " + i + " (campaign " + campaign + ")";
            String messageId = "campaign-" + i + "@reporter" + (i % 17) + ".example";
            reports.add(i % 50 == 7 ? encrypted(subject, messageId, text)
                    : plain("reporter" + (i % 17) + "@isp" + (i % 5) + ".example", subject, messageId, text));
        }
        return reports;
    }

    private static Path mbox(Path file, List<byte[]> messages) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            out.write("From reporter@example.org Thu Nov 26 07:00:00 2026\n".getBytes(StandardCharsets.US_ASCII));
            String text = new String(message, StandardCharsets.UTF_8).replace("\r\n", "\n")
                    .replaceAll("(?m)^(>*From )", ">$1");
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write("\n".getBytes(StandardCharsets.US_ASCII));
        }
        return Files.write(file, out.toByteArray());
    }
}
