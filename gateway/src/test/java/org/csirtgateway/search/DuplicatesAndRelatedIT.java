package org.csirtgateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.Gateway;
import org.csirtgateway.index.Indicator;
import org.csirtgateway.index.RelatedTicket;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicates, near-duplicates (one by one and in a burst), related tickets and the self-healing index, end to end:
 * reports mailed to GreenMail are fetched, ticketed, acknowledged and indexed by a real gateway.
 */
class DuplicatesAndRelatedIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dataDir;

    private Gateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = running.start(dataDir);
    }

    @Test
    void sameReportTextFromAnotherReporterJoinsTheFirstTicketAndItsAcknowledgementNamesIt() {
        String text = "We found a phishing site imitating Example Bank at https://examp1e-bank.example/login.php\n"
                + "hosted on 203.0.113.77. It collects customer passwords. Please take it down.\n";
        running.report("alice@isp.example", "Phishing Example Bank",
                "Hello,\n\n" + text + "\nRegards,\nAlice\n-- \nAlice, ISP abuse desk\n", "a-1@isp.example",
                Map.of());
        TicketDetail first = running.awaitTicketWithSubject("Phishing Example Bank");

        running.report("bob@other.example", "FW: phishing",
                "Dear CSIRT,\n\n> " + text.replace("\n", "\n> ") + "\nThanks,\nBob\n", "b-1@other.example", Map.of());

        TicketDetail joined = Eventually.await("the second report on the first ticket", WAIT, () ->
                gateway.tickets().find(first.summary().id()).filter(t -> t.messages().size() == 2).orElse(null));
        assertThat(joined.messages()).extracting(m -> m.role()).containsExactly(Placement.REPORT, Placement.DUPLICATE);
        MimeMessage ack = running.awaitMailTo("bob@other.example");
        assertThat(content(ack)).contains("matches one we have already received")
                .contains(first.summary().id());
        assertThat(content(firstAckTo("alice@isp.example"))).doesNotContain("matches one we have already received");
    }

    @Test
    void rewordedReportOfTheSameIncidentIsProposedAsAPossibleDuplicateAndAnAnalystConfirmsIt() {
        reportPhishingPage();
        TicketDetail first = running.awaitTicketWithSubject("Phishing page");
        reportFakeContosoLogin();
        TicketDetail second = running.awaitTicketWithSubject("Fake Contoso login");

        assertThat(awaitProposals(second)).first().satisfies(p -> {
            assertThat(p.similarTo()).isEqualTo(first.summary().id());
            assertThat(p.score()).isGreaterThanOrEqualTo(SearchSettings.DEFAULTS.nearDuplicateThreshold());
            assertThat(p.state()).isEqualTo("proposed");
        });

        assertThat(gateway.search().markDuplicate(second.summary().id(), first.summary().id(), "analyst")).isTrue();
        assertThat(gateway.tickets().find(second.summary().id()).orElseThrow().summary().status())
                .isEqualTo("duplicate");
        assertThat(gateway.search().duplicateOf(second.summary().id())).contains(first.summary().id());
        assertThat(gateway.search().proposals(second.summary().id())).first()
                .extracting(SimilarTickets.Proposal::state).isEqualTo("confirmed");
    }

    @Test
    void reportsWaitingTogetherAfterADowntimeAreProposedAsDuplicatesOfTheEarlierOnesOnly() {
        running.stop(); // the gateway is down while a campaign is reported: the reports wait, then come in one batch
        reportPhishingPage();
        reportFakeContosoLogin();
        running.report("noc@hoster.example", "Open resolver",
                "Dear CSIRT,\n\nThe host 192.0.2.53 answers recursive DNS queries from anywhere.\n",
                "o-1@hoster.example", Map.of());
        gateway = running.start(dataDir);
        TicketDetail first = running.awaitTicketWithSubject("Phishing page");
        TicketDetail second = running.awaitTicketWithSubject("Fake Contoso login");
        TicketDetail unrelated = running.awaitTicketWithSubject("Open resolver");

        assertThat(awaitProposals(second)).singleElement().satisfies(p -> {
            assertThat(p.similarTo()).isEqualTo(first.summary().id());
            assertThat(p.score()).isGreaterThanOrEqualTo(SearchSettings.DEFAULTS.nearDuplicateThreshold());
        });
        running.stop(); // once nothing is pending: every proposal of the batch is recorded
        try (Database database = Database.open(dataDir.resolve("gateway.db"))) {
            long proposalsOfOthers = database.read(connection -> Sql.count(connection,
                    "SELECT COUNT(*) FROM similar_tickets WHERE ticket_id IN (?, ?)", first.summary().id(),
                    unrelated.summary().id()));
            assertThat(proposalsOfOthers).as("the first never proposes the later one; the unrelated proposes none")
                    .isZero();
        }
    }

    @Test
    void differentIncidentsMentioningOneIpAreRelatedButNotProposedAsDuplicates() throws Exception {
        running.report("a@one.example", "SSH brute force",
                "Hello,\n\nThe host 192.0.2.200 has been brute-forcing SSH on our servers since Monday.\n",
                "r-1@one.example", Map.of());
        TicketDetail first = running.awaitTicketWithSubject("SSH brute force");
        running.report("b@two.example", "Defaced website",
                "Dear CSIRT,\n\nOur web site was defaced; the injected script loads "
                        + "https://cdn-evil.example/x.js and the attacker logged in from 192.0.2.200.\n",
                "r-2@two.example", Map.of());
        TicketDetail second = running.awaitTicketWithSubject("Defaced website");

        List<TicketSearchService.Related> related = Eventually.await("the second report indexed", WAIT, () -> {
            List<TicketSearchService.Related> found = gateway.search().related(second.summary().id());
            return found.isEmpty() ? null : found;
        });
        assertThat(related).filteredOn(r -> r.indicator().equals(new Indicator("ip", "192.0.2.200")))
                .singleElement().satisfies(r -> assertThat(r.tickets()).extracting(RelatedTicket::ticketId)
                        .containsExactly(first.summary().id()));
        Thread.sleep(500); // proposals are written right after indexing: give a wrong one the time to appear
        assertThat(gateway.search().proposals(second.summary().id())).isEmpty();
    }

    @Test
    void newReportIsSearchableWithinOneSecondOfBeingTicketed() {
        running.report("a@one.example", "Fresh report",
                "Hello,\n\nThe quokkaware sample calls home.\n", "fresh-1@one.example", Map.of());
        TicketDetail ticket = running.awaitTicketWithSubject("Fresh report");
        Eventually.await("found by search within one second", Duration.ofSeconds(1), () -> {
            try {
                return gateway.tickets().search("quokkaware", 10, 0).tickets().stream()
                        .filter(t -> t.ticket().id().equals(ticket.summary().id())).findFirst().orElse(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void deletedIndexIsRebuiltFromTheDatabaseAtStartUp() throws Exception {
        running.report("a@one.example", "Before the crash",
                "Hello,\n\nThe wombatbot controller is at 203.0.113.9.\n", "crash-1@one.example", Map.of());
        TicketDetail ticket = running.awaitTicketWithSubject("Before the crash");
        awaitSearchable("wombatbot"); // stopping mid-indexing interrupts the indexing thread (see the report)
        running.stop();
        deleteRecursively(dataDir.resolve("index"));

        gateway = running.start(dataDir);

        assertThat(gateway.tickets().search("wombatbot", 10, 0).tickets())
                .extracting(t -> t.ticket().id()).containsExactly(ticket.summary().id());
        assertThat(gateway.tickets().search("ip:203.0.113.9", 10, 0).tickets())
                .extracting(t -> t.ticket().id()).containsExactly(ticket.summary().id());
    }

    @Test
    void corruptIndexIsRebuiltFromTheDatabaseAtStartUp() throws Exception {
        running.report("a@one.example", "Before the damage",
                "Hello,\n\nThe numbatkit loader was seen.\n", "dmg-1@one.example", Map.of());
        TicketDetail ticket = running.awaitTicketWithSubject("Before the damage");
        awaitSearchable("numbatkit");
        running.stop();
        try (Stream<Path> files = Files.list(dataDir.resolve("index"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }

        gateway = running.start(dataDir);

        assertThat(gateway.tickets().search("numbatkit", 10, 0).tickets())
                .extracting(t -> t.ticket().id()).containsExactly(ticket.summary().id());
    }

    private void reportPhishingPage() {
        running.report("alice@isp.example", "Phishing page",
                "Hello,\n\nWe detected a phishing page at https://secure-login42.example/verify/abc.php on "
                        + "198.51.100.23 that imitates Contoso Bank and steals customer credentials.\n\nRegards,\nA\n",
                "p-1@isp.example", Map.of());
    }

    /** The incident of {@link #reportPhishingPage} in another reporter's words. */
    private void reportFakeContosoLogin() {
        running.report("soc@contoso.example", "Fake Contoso login",
                "Hi team,\n\nOur clients received mails linking to https://secure-login42.example/verify/abc.php, "
                        + "a fake Contoso Bank login served from 198.51.100.23. Please arrange a takedown.\n\nCheers\n",
                "c-1@contoso.example", Map.of());
    }

    private List<SimilarTickets.Proposal> awaitProposals(TicketDetail ticket) {
        return Eventually.await("a duplicate proposal for " + ticket.summary().id(), WAIT, () -> {
            List<SimilarTickets.Proposal> found = gateway.search().proposals(ticket.summary().id());
            return found.isEmpty() ? null : found;
        });
    }

    private void awaitSearchable(String word) {
        Eventually.await(word + " searchable", WAIT, () -> {
            try {
                return gateway.tickets().search(word, 10, 0).tickets().isEmpty() ? null : word;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private MimeMessage firstAckTo(String reporter) {
        return running.awaitMailTo(reporter);
    }

    private static String content(MimeMessage message) {
        try {
            return (String) message.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
