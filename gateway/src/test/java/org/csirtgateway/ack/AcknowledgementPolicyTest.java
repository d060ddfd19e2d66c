package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat: the gateway answering robots, lists, bounces or itself (loops, backscatter). Each RFC 3834 rule the
 * gateway follows is one case here; the rate limits are counted from a real SQLite outbox, so they survive a restart.
 */
class AcknowledgementPolicyTest {

    private final AcknowledgementPolicy policy = new AcknowledgementPolicy(Set.of("csirt@example.org",
            "Intake@Example.org"));

    @TempDir
    Path directory;

    @Test
    void aPersonIsAcknowledged() {
        assertThat(policy.decide(report("alice@victim.example", Map.of(), null)).send()).isTrue();
    }

    @Test
    void abuseAddressesOfOtherTeamsAreAcknowledged() {
        assertThat(policy.decide(report("abuse@peer-isp.example", Map.of(), "abuse@peer-isp.example")).send())
                .isTrue();
    }

    @Test
    void autoSubmittedAnythingButNoIsARobot() {
        assertThat(policy.decide(report("a@b.example", Map.of("auto-submitted", "no"), null)).send()).isTrue();
        assertThat(policy.decide(report("a@b.example", Map.of("auto-submitted", "No (sent by a person)"), null))
                .send()).isTrue();
        for (String value : List.of("auto-replied", "auto-generated", "auto-notified", "nope", "yes", "")) {
            AcknowledgementPolicy.Decision decision = policy.decide(report("a@b.example",
                    Map.of("auto-submitted", value), null));
            assertThat(decision.send()).as(value).isFalse();
            assertThat(decision.reason()).as(value).contains("Auto-Submitted");
        }
    }

    @Test
    void bulkListAndJunkPrecedenceGetNone() {
        for (String value : List.of("bulk", "list", "junk", "Bulk", " list ")) {
            assertThat(policy.decide(report("a@b.example", Map.of("precedence", value), null)).reason())
                    .as(value).contains("Precedence");
        }
        assertThat(policy.decide(report("a@b.example", Map.of("precedence", "first-class"), null)).send()).isTrue();
    }

    @Test
    void listHeadersNullReturnPathAndMailSystemsGetNone() {
        assertThat(policy.decide(report("a@b.example", Map.of("list-id", "<x.example>"), null)).send()).isFalse();
        assertThat(policy.decide(report("a@b.example", Map.of("list-unsubscribe", "<mailto:x>"), null)).send())
                .isFalse();
        assertThat(policy.decide(report("a@b.example", Map.of(), "")).reason()).contains("null return path");
        assertThat(policy.decide(report("MAILER-DAEMON@mx.example", Map.of(), null)).reason())
                .contains("mail system");
        assertThat(policy.decide(report("postmaster@mx.example", Map.of(), null)).reason()).contains("mail system");
    }

    @Test
    void aSenderThatAsksForNoAutomaticRepliesGetsNone() {
        assertThat(policy.decide(report("a@b.example", Map.of("x-auto-response-suppress", "DR, OOF, AutoReply"),
                null)).reason()).contains("X-Auto-Response-Suppress");
        assertThat(policy.decide(report("a@b.example", Map.of("x-auto-response-suppress", "All"), null)).send())
                .isFalse();
        assertThat(policy.decide(report("a@b.example", Map.of("x-auto-response-suppress", "DR"), null)).send())
                .as("only delivery reports suppressed").isTrue();
    }

    @Test
    void anAutoresponderThatDropsEveryHeaderIsKnownByItsSubject() {
        for (String subject : List.of("Automatic reply: [CSIRT#2026-000001] Phishing", "Auto: Re: report",
                "Out of Office: scan report", "AutoReply: thanks", "自動応答: [CSIRT#2026-000001] 報告",
                "不在通知", "自動返信：フィッシング報告")) {
            assertThat(policy.decide(report("a@b.example", subject, Map.of(), null)).reason()).as(subject)
                    .contains("automatic reply");
        }
        for (String subject : List.of("Phishing site reported automatically by our scanner", "Re: Out of scope?",
                "Report: automatic replies from your host flood us")) {
            assertThat(policy.decide(report("a@b.example", subject, Map.of(), null)).send()).as(subject).isTrue();
        }
    }

    @Test
    void addressesThatTakeNoRepliesGetNone() {
        for (String from : List.of("noreply@x.example", "no-reply@x.example", "do-not-reply@x.example",
                "DoNotReply@x.example", "bounces+123@x.example", "owner-list@x.example", "list-request@x.example")) {
            assertThat(policy.decide(report(from, Map.of(), null)).reason()).as(from).contains("takes no replies");
        }
        assertThat(policy.decide(report("noreen@x.example", Map.of(), null)).send()).isTrue();
    }

    @Test
    void ourLoopMarkerAndOurOwnAddressesGetNone() {
        assertThat(policy.decide(report("a@b.example", Map.of("x-csirt-gateway-loop", "csirt@example.org"), null))
                .reason()).contains("loop marker");
        assertThat(policy.decide(report("a@b.example", Map.of("x-loop", "csirt@example.org"), null)).reason())
                .contains("X-Loop");
        assertThat(policy.decide(report("csirt@example.org", Map.of(), null)).reason()).contains("own addresses");
        assertThat(policy.decide(report("INTAKE@example.org", Map.of(), null)).reason()).contains("own addresses");
    }

    @Test
    void aSenderAddressNoMailCanBeAddressedToGetsNoneInsteadOfFailingTheTicket() {
        // Seen in real-world mail (../shared/corpus): composing the acknowledgement used to throw, so the report was
        // retried and quarantined instead of being ticketed.
        for (String from : List.of("john doe@example.com", "alice@exa mple.com", "bob@[not a host")) {
            AcknowledgementPolicy.Decision decision = policy.decide(report(from, Map.of(), null));
            assertThat(decision.send()).as(from).isFalse();
            assertThat(decision.reason()).as(from).startsWith("the sender address cannot be answered (");
        }
    }

    @Test
    void rateLimitsPerSenderAndPerDomainAreCountedFromTheOutboxAndSurviveARestart() throws Exception {
        AcknowledgementPolicy limited = new AcknowledgementPolicy(Set.of("csirt@example.org"),
                new AcknowledgementRateLimit(2, 3));
        Path file = directory.resolve("gateway.db");
        Instant now = Instant.parse("2026-05-01T12:00:00Z");
        Database database = Database.open(file);
        database.inTransaction(connection -> {
            Sql.update(connection, """
                    INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at)
                    VALUES ('T1', 's', 'r', 'c', 'new', ?, ?)""", now, now);
            for (String to : List.of("victim@v.example", "Victim@v.example", "other@v.example")) {
                Outbox.enqueue(connection, "T1", Outbox.ACKNOWLEDGEMENT,
                        new OutgoingMail(to + "-id", to, new byte[0]), now.minus(Duration.ofMinutes(10)));
            }
            Outbox.enqueue(connection, "T1", Outbox.ACKNOWLEDGEMENT,
                    new OutgoingMail("old-id", "victim@v.example", new byte[0]), now.minus(Duration.ofMinutes(61)));
            return null;
        });

        Database reopened = Database.open(file);
        AcknowledgementPolicy.Decision victim = reopened.read(c -> limited.decide(c,
                report("victim@v.example", Map.of(), null), now));
        assertThat(victim.send()).isFalse();
        assertThat(victim.reason()).contains("2 acknowledgements went to victim@v.example")
                .contains("acknowledgement.maxPerSenderPerHour = 2");
        AcknowledgementPolicy.Decision neighbour = reopened.read(c -> limited.decide(c,
                report("third@v.example", Map.of(), null), now));
        assertThat(neighbour.reason()).contains("addresses at v.example")
                .contains("acknowledgement.maxPerDomainPerHour = 3");
        assertThat(reopened.read(c -> limited.decide(c, report("someone@else.example", Map.of(), null), now))
                .send()).isTrue();
        assertThat(reopened.read(c -> limited.decide(c, report("victim@v.example", Map.of(), null),
                now.plus(Duration.ofHours(1)))).send()).isTrue();
    }

    static ParsedReport report(String from, Map<String, String> robotHeaders, String returnPath) {
        return report(from, "Subject", robotHeaders, returnPath);
    }

    static ParsedReport report(String from, String subject, Map<String, String> robotHeaders, String returnPath) {
        return new ParsedReport("id@x.example", List.of(), List.of(), subject, from, null, returnPath, null,
                "Body", List.of(), robotHeaders, List.of());
    }
}
