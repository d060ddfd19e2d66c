package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.evidence.AttachmentView;
import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.index.RelatedTicket;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ticket.MessageView;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ticket.TicketSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A backup taken with {@code csirt-gateway backup} while the gateway runs and mail keeps arriving, restored into a
 * fresh data directory by the README's steps, gives an installation that serves what the original served: every
 * ticket (ID, subject, reporter, status, messages), every archived original, every attachment's bytes (downloaded
 * through {@link TicketQueries#openAttachment}, the service behind the admin UI's download), the same search results,
 * near-duplicate proposals and related tickets. Mail that arrived after the backup is fetched again from the mailbox
 * by the restored gateway, as docs/operations.md says, and ends up on the same tickets (with the same IDs).
 *
 * <p>Real GreenMail (SMTP in, IMAP to the gateway), real SQLite, real Lucene, the real {@code backup} command.
 */
class RestoredBackupServesEverythingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TEAM = TestGatewayConfig.TEAM_ADDRESS;

    /** Searches whose results must be the same on the restored installation. */
    private static final List<String> QUERIES = List.of(
            "portsweep",                       // a word of a report's body
            "ip:192.0.2.44",                   // an indicator
            "ip:198.51.100.61",                // an indicator both near-duplicates mention
            "memcached",                       // a word of the two same-text reports (one ticket)
            "invoice",                         // a subject word, and the name of an attachment two reports carry
            "dropper");                        // a word of a forwarded message inside a report

    /**
     * A word found only in a text attachment (scan.log). The running gateway indexes attachment text; after the
     * restore the index is built anew from the archived originals through the same stages, so the restored
     * installation finds it too.
     */
    private static final String ONLY_IN_A_TEXT_ATTACHMENT = "quillfeather";

    /** The tickets {@link #mailTheReports} makes. */
    private static final int REPORTED_TICKETS = 7;
    private static final int STREAM_DURING_BACKUP = 12;
    private static final int STREAM_AFTER_BACKUP = 4;

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dir;

    private final Map<String, byte[]> sentAttachments = new LinkedHashMap<>();

    @Test
    void backupTakenWhileTheGatewayRunsRestoresToAnInstallationServingTheSameTicketsAttachmentsSearchesAndProposals()
            throws Exception {
        Path originalData = dir.resolve("original");
        Path backup = dir.resolve("backup");
        Path restoredData = dir.resolve("restored");
        Gateway original = running.start(originalData);

        mailTheReports();
        awaitTickets(original, REPORTED_TICKETS);
        List<SimilarTickets.Proposal> proposed = awaitProposal(original, "Fake Fabrikam login");
        for (String query : QUERIES) {
            awaitFound(original, query);
        }
        awaitFound(original, ONLY_IN_A_TEXT_ATTACHMENT);

        // More reports arrive while the backup is taken, and some after it.
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                for (int n = 1; n <= STREAM_DURING_BACKUP; n++) {
                    mailStreamReport(n);
                    Thread.sleep(40);
                }
            } catch (Throwable e) {
                senderFailure.set(e);
            }
        }, "reports during the backup");
        sender.start();
        awaitTickets(original, REPORTED_TICKETS + 2);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = run(out, err, "backup", backup.toString(), "--data", originalData.toString());
        sender.join();
        assertThat(senderFailure.get()).isNull();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Backup written to", "attachment file(s)");
        for (int n = STREAM_DURING_BACKUP + 1; n <= STREAM_DURING_BACKUP + STREAM_AFTER_BACKUP; n++) {
            mailStreamReport(n);
        }
        int allTickets = REPORTED_TICKETS + STREAM_DURING_BACKUP + STREAM_AFTER_BACKUP;
        awaitTickets(original, allTickets);
        Eventually.quiet(original);
        Installation before = Installation.of(running, original);
        running.stop();

        assertThat(before.proposals()).as("the reworded report is proposed as a duplicate")
                .contains(proposed.get(0).ticketId() + " ~ " + proposed.get(0).similarTo() + " (proposed)");
        assertThat(before.tickets().values()).as("the same text in another greeting joins the first ticket")
                .anyMatch(t -> t.startsWith("Open memcached |") && t.contains("| 2 message(s)"));
        assertThat(before.attachmentBytes().values()).as("every attachment mailed is served by the original")
                .containsAll(digests(sentAttachments.values()));
        assertThat(before.searches().get(ONLY_IN_A_TEXT_ATTACHMENT)).as("the running gateway indexes attachment text")
                .hasSize(1);
        long ticketsInBackup = count(backup.resolve("gateway.db"), "SELECT COUNT(*) FROM tickets");
        assertThat(ticketsInBackup).as("the backup was taken before the last reports came")
                .isLessThan(allTickets);

        restoreAsTheReadmeSays(backup, restoredData);
        Gateway restored = running.start(restoredData);
        awaitTickets(restored, allTickets); // those that came after the backup are fetched again from the mailbox
        Eventually.quiet(restored);
        Installation after = Installation.of(running, restored);

        assertThat(after.tickets()).isEqualTo(before.tickets());
        assertThat(after.archivedOriginals()).isEqualTo(before.archivedOriginals());
        assertThat(after.attachmentBytes()).isEqualTo(before.attachmentBytes());
        assertThat(after.proposals()).isEqualTo(before.proposals());
        assertThat(after.related()).isEqualTo(before.related());
        for (String query : QUERIES) {
            assertThat(after.searches().get(query)).as("search %s", query).isEqualTo(before.searches().get(query));
        }
        assertThat(after.searches().get(ONLY_IN_A_TEXT_ATTACHMENT))
                .as("a word only in a text attachment, after the index was built anew from the originals")
                .isEqualTo(before.searches().get(ONLY_IN_A_TEXT_ATTACHMENT));
    }

    /**
     * Seven tickets: attachments text and binary (one over 256 KiB, one the same file on two reports, one inside a
     * forwarded message), two reports with the same text in different greetings (one ticket, two messages) and two
     * reports of one incident in different words (a near-duplicate proposal).
     */
    private void mailTheReports() {
        byte[] scanLog = ("2026-03-02T09:58:01Z portsweep from 192.0.2.44 tcp/22 tcp/23 tcp/2323\n"
                + "2026-03-02T09:58:04Z signature quillfeather matched on 192.0.2.44\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] pcap = bytes(3, 2_000, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1});
        send("noc@isp.example", "Port scan from 192.0.2.44", "Hello,\n\nWe see a portsweep from 192.0.2.44 "
                + "against our network since this morning. Log and capture attached.\n\nRegards,\nNOC\n",
                "scan-1@isp.example", attachment("scan.log", "text/plain", scanLog),
                attachment("capture.pcap", "application/vnd.tcpdump.pcap", pcap));

        byte[] kit = bytes(4, 300_000, new byte[] {'P', 'K', 3, 4});
        byte[] invoice = ("%PDF-1.4\n" + "1 0 obj << /Type /Catalog >> endobj\n".repeat(40) + "%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
        send("abuse@hoster.example", "Phishing kit on a customer site", "Hello,\n\nA customer site hosted a phishing "
                + "kit; the archive and the lure invoice are attached.\n", "kit-1@hoster.example",
                attachment("kit.zip", "application/zip", kit), attachment("invoice.pdf", "application/pdf", invoice));
        send("cert@partner.example", "Invoice campaign", "Dear CSIRT,\n\nThe same lure invoice reached many of our "
                + "users today.\n", "inv-1@partner.example", attachment("invoice.pdf", "application/pdf", invoice));

        byte[] dropper = "var u='hxxp://dropper.example/a.exe';\n".getBytes(StandardCharsets.US_ASCII);
        String forwarded = "From: billing@lure.example\r\nTo: victim@corp.example\r\nSubject: Your invoice\r\n"
                + "Message-ID: <lure-1@lure.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n--inner\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nOpen the attached dropper script to see it.\r\n"
                + attachmentPart("inner", "open-me.js", "application/javascript", dropper) + "--inner--\r\n";
        sentAttachments.put("open-me.js", dropper);
        mail("soc@corp.example", "Fwd: Your invoice", "Hi,\n\nForwarding a lure we received.\n",
                "fwd-1@corp.example", "--outer\r\nContent-Type: message/rfc822\r\n\r\n" + forwarded + "\r\n");

        String memcached = "The host 192.0.2.99 runs an open memcached on udp/11211 that was used in an "
                + "amplification attack against us. Please have it closed.\n";
        send("carol@one.example", "Open memcached", "Hello,\n\n" + memcached + "\nRegards,\nCarol\n",
                "mc-1@one.example");
        awaitTicketWithSubject("Open memcached");
        send("dan@two.example", "memcached amplification", "Dear CSIRT,\n\n" + memcached + "\nThanks,\nDan\n",
                "mc-2@two.example");

        send("alice@isp.example", "Phishing page Fabrikam", "Hello,\n\nWe detected a phishing page at "
                + "https://secure-login77.example/verify/xyz.php on 198.51.100.61 that imitates Fabrikam Bank and "
                + "steals customer credentials.\n\nRegards,\nA\n", "p-1@isp.example");
        awaitTicketWithSubject("Phishing page Fabrikam");
        send("soc@fabrikam.example", "Fake Fabrikam login", "Hi team,\n\nOur clients received mails linking to "
                + "https://secure-login77.example/verify/xyz.php, a fake Fabrikam Bank login served from "
                + "198.51.100.61. Please arrange a takedown.\n\nCheers\n", "c-1@fabrikam.example");
    }

    /** A report of its own (random words, a random binary attachment): no duplicate of anything. */
    private void mailStreamReport(int n) {
        Random random = new Random(1_000 + n);
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            for (int c = 0; c < 4 + random.nextInt(6); c++) {
                words.append((char) ('a' + random.nextInt(26)));
            }
            words.append(i % 10 == 9 ? ".\n" : " ");
        }
        byte[] sample = bytes(2_000 + n, 1_000 + random.nextInt(3_000), new byte[] {0x7f, 'E', 'L', 'F'});
        send("reporter@stream" + n + ".example", "Stream report " + n, "Hello,\n\n" + words,
                "s-" + n + "@stream.example", attachment("sample-" + n + ".bin", "application/octet-stream", sample));
    }

    private record Attachment(String name, String type, byte[] content) {
    }

    private Attachment attachment(String name, String type, byte[] content) {
        sentAttachments.put(name, content);
        return new Attachment(name, type, content);
    }

    private void send(String from, String subject, String body, String messageId, Attachment... attachments) {
        StringBuilder parts = new StringBuilder();
        for (Attachment a : attachments) {
            parts.append(attachmentPart("outer", a.name(), a.type(), a.content()));
        }
        mail(from, subject, body, messageId, parts.toString());
    }

    /** A multipart/mixed report: its text, then {@code parts} (each starting with the boundary line "--outer"). */
    private static void mail(String from, String subject, String body, String messageId, String parts) {
        String raw = "From: " + from + "\r\nTo: " + TEAM + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId
                + ">\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n" + parts
                + "--outer--\r\n";
        Mails.sendRaw(MAIL.getSmtp().getPort(), from, TEAM, raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String attachmentPart(String boundary, String name, String type, byte[] content) {
        return "--" + boundary + "\r\nContent-Type: " + type + "; name=\"" + name + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content) + "\r\n";
    }

    private static byte[] bytes(long seed, int size, byte[] magic) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        System.arraycopy(magic, 0, content, 0, magic.length);
        return content;
    }

    /**
     * The README's restore: stop the gateway (done), remove gateway.db*, archive/, attachments/ and index/ from
     * data.dir, copy in the backup's gateway.db, archive/ and attachments/, start it (done by the caller). The data
     * directory is one a gateway was installed on: it holds an empty database and index the restore replaces.
     */
    private static void restoreAsTheReadmeSays(Path backup, Path dataDir) throws IOException {
        Database.open(dataDir.resolve("gateway.db")).close();
        ReportIndex.open(dataDir.resolve("index")).close();
        for (String name : List.of("gateway.db", "gateway.db-wal", "gateway.db-shm", "archive", "attachments",
                "index")) {
            deleteRecursively(dataDir.resolve(name));
        }
        for (String name : List.of("gateway.db", "archive", "attachments")) {
            copyRecursively(backup.resolve(name), dataDir.resolve(name));
        }
    }

    /** What an analyst sees of an installation, as comparable values. */
    private record Installation(Map<String, String> tickets, Map<String, String> archivedOriginals,
                                Map<String, String> attachmentBytes, Map<String, Set<String>> searches,
                                Set<String> proposals, Map<String, Set<String>> related) {

        static Installation of(RunningGateway running, Gateway gateway) throws Exception {
            Map<String, String> tickets = new TreeMap<>();
            Map<String, String> originals = new TreeMap<>();
            Map<String, String> attachments = new TreeMap<>();
            Set<String> proposals = new TreeSet<>();
            Map<String, Set<String>> related = new TreeMap<>();
            TicketPage page = gateway.tickets().list(1_000, 0);
            for (TicketPage.FoundTicket found : page.tickets()) {
                TicketSummary summary = found.ticket();
                TicketDetail detail = gateway.tickets().find(summary.id()).orElseThrow();
                List<String> messages = new ArrayList<>();
                for (MessageView message : detail.messages()) {
                    messages.add(message.role() + " " + message.messageId() + " " + message.archiveSha256());
                    if (message.archiveSha256() != null) {
                        originals.put(message.archiveSha256(),
                                sha256(running.archivedOriginal(message.archiveSha256())));
                    }
                    for (AttachmentView a : message.details().attachments()) {
                        assertThat(a.stored()).as("%s on %s", a.filename(), summary.id()).isTrue();
                        try (InputStream in = gateway.tickets().openAttachment(summary.id(), a.sha256())
                                .orElseThrow(() -> new AssertionError("no download of " + a.filename() + " on "
                                        + summary.id())).content()) {
                            attachments.put(summary.id() + " " + message.messageId() + " " + a.evidencePosition() + " "
                                    + a.filename() + " " + a.sha256(), sha256(in.readAllBytes()));
                        }
                    }
                }
                tickets.put(summary.id(), summary.subject() + " | " + summary.reporter() + " | " + summary.status()
                        + " | " + summary.messageCount() + " message(s) " + messages);
                for (SimilarTickets.Proposal p : gateway.search().proposals(summary.id())) {
                    proposals.add(p.ticketId() + " ~ " + p.similarTo() + " (" + p.state() + ")");
                }
                // As a set: the order of a ticket's indicators is the intake's, after a rebuild the database's.
                Set<String> relatedByIndicator = new TreeSet<>();
                for (TicketSearchService.Related r : gateway.search().related(summary.id())) {
                    relatedByIndicator.add(r.indicator().type() + " " + r.indicator().value() + " "
                            + r.tickets().stream().map(RelatedTicket::ticketId).sorted().toList());
                }
                related.put(summary.id(), relatedByIndicator);
            }
            assertThat(page.total()).as("every ticket listed").isEqualTo(tickets.size());
            Map<String, Set<String>> searches = new TreeMap<>();
            for (String query : Stream.concat(QUERIES.stream(), Stream.of(ONLY_IN_A_TEXT_ATTACHMENT)).toList()) {
                searches.put(query, found(gateway, query));
            }
            return new Installation(tickets, originals, attachments, searches, proposals, related);
        }
    }

    private static Set<String> found(Gateway gateway, String query) {
        try {
            Set<String> ids = new TreeSet<>();
            gateway.tickets().search(query, 1_000, 0).tickets().forEach(t -> ids.add(t.ticket().id()));
            return ids;
        } catch (InvalidQueryException e) {
            throw new AssertionError("query " + query + ": " + e.getMessage(), e);
        }
    }

    private static void awaitFound(Gateway gateway, String query) {
        Eventually.await(query + " found", WAIT, () -> !found(gateway, query).isEmpty());
    }

    private static void awaitTickets(Gateway gateway, int count) {
        Eventually.await(count + " tickets", WAIT, () -> gateway.tickets().list(1, 0).total() >= count);
    }

    private TicketDetail awaitTicketWithSubject(String subject) {
        return running.awaitTicketWithSubject(subject);
    }

    private List<SimilarTickets.Proposal> awaitProposal(Gateway gateway, String subject) {
        TicketDetail ticket = awaitTicketWithSubject(subject);
        return Eventually.await("a duplicate proposal for " + subject, WAIT, () -> {
            List<SimilarTickets.Proposal> found = gateway.search().proposals(ticket.summary().id());
            return found.isEmpty() ? null : found;
        });
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static long count(Path database, String sql) {
        try (Database db = Database.open(database)) {
            return db.read(connection -> Sql.count(connection, sql));
        }
    }

    private static Set<String> digests(java.util.Collection<byte[]> contents) {
        Set<String> digests = new TreeSet<>();
        contents.forEach(content -> digests.add(sha256(content)));
        return digests;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** {@code cp -a}: the tree with its files' attributes. */
    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
