package org.csirtgateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.ticket.TicketDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of one campaign that arrive together (a burst, or a backlog after an outage) are taken in one batch; each
 * new ticket is still proposed as a near-duplicate of those before it, as if they had come one by one.
 */
class NearDuplicateBurstIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dataDir;

    @Test
    void rewordedReportsWaitingTogetherAreProposedAsDuplicatesOfTheEarlierOnesOnly() {
        running.report("alice@isp.example", "Phishing page",
                "Hello,\n\nWe detected a phishing page at https://secure-login42.example/verify/abc.php on "
                        + "198.51.100.23 that imitates Contoso Bank and steals customer credentials.\n\nRegards,\nA\n",
                "p-1@isp.example", Map.of());
        running.report("soc@contoso.example", "Fake Contoso login",
                "Hi team,\n\nOur clients received mails linking to https://secure-login42.example/verify/abc.php, "
                        + "a fake Contoso Bank login served from 198.51.100.23. Please arrange a takedown.\n\nCheers\n",
                "c-1@contoso.example", Map.of());
        running.report("noc@hoster.example", "Open resolver",
                "Dear CSIRT,\n\nThe host 192.0.2.53 answers recursive DNS queries from anywhere.\n",
                "o-1@hoster.example", Map.of());

        Gateway gateway = running.start(dataDir); // all three are waiting: one poll, one batch
        TicketDetail first = running.awaitTicketWithSubject("Phishing page");
        TicketDetail second = running.awaitTicketWithSubject("Fake Contoso login");
        TicketDetail unrelated = running.awaitTicketWithSubject("Open resolver");

        List<SimilarTickets.Proposal> proposals = Eventually.await("the later ticket's proposal", WAIT, () -> {
            List<SimilarTickets.Proposal> found = gateway.search().proposals(second.summary().id());
            return found.isEmpty() ? null : found;
        });
        assertThat(proposals).singleElement().satisfies(p -> {
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
}
