package org.csirtgateway.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.csirtgateway.ack.Outbox;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.RawMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each message lands, in a real SQLite file: a new report opens a ticket; the same Message-ID again is a
 * duplicate; a reply (by subject tag, In-Reply-To or References, including references to our acknowledgement) is a
 * follow-up on the ticket it answers.
 */
class TicketServiceTest {

    private static final Instant MARCH_2026 = Instant.parse("2026-03-03T01:15:00Z");

    @TempDir
    Path dir;

    private Database database;
    private int fetched;
    private final TicketService tickets = new TicketService(new TicketIds("CSIRT#"));

    @BeforeEach
    void openDatabase() {
        database = Database.open(dir.resolve("t.db"));
    }

    @Test
    void newReportOpensATicket() {
        Placement placement = place(RawMail.from("\"Alice\" <Alice@Victim.example>").parse(), MARCH_2026);

        assertThat(placement.ticketId()).isEqualTo("CSIRT#2026-000001");
        assertThat(placement.role()).isEqualTo(Placement.REPORT);
        assertThat(placement.openedTicket()).isTrue();
        assertThat(text("SELECT subject || '|' || reporter || '|' || channel || '|' || status || '|' || received_at "
                + "FROM tickets WHERE id = ?", placement.ticketId()))
                .isEqualTo("Phishing site imitating our bank|alice@victim.example|csirt|new|2026-03-03T01:15:00Z");
        assertThat(text("SELECT role || '|' || message_id || '|' || body_text FROM messages WHERE id = ?",
                placement.messageRowId()))
                .isEqualTo("report|report-1@victim.example|Please look at hxxp://phish.example/login.");
    }

    @Test
    void reportWithoutSubjectOrSenderStillOpensATicket() {
        Placement placement = place(RawMail.from("x").without("From").without("Subject").parse(), MARCH_2026);

        assertThat(text("SELECT subject || '|' || reporter FROM tickets WHERE id = ?", placement.ticketId()))
                .isEqualTo("(no subject)|(unknown sender)");
    }

    @Test
    void ticketNumbersCountUpPerYearAndStartAgainInANewYear() {
        assertThat(placeNew("a", Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("CSIRT#2026-000001");
        assertThat(placeNew("b", Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo("CSIRT#2026-000002");
        assertThat(placeNew("c", Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("CSIRT#2027-000001");
        assertThat(placeNew("d", Instant.parse("2026-06-01T00:00:00Z"))).as("a late 2026 message")
                .isEqualTo("CSIRT#2026-000003");
    }

    @Test
    void sameMessageIdAgainIsADuplicateOfTheFirstTicket() {
        String first = place(RawMail.from("alice@victim.example").parse(), MARCH_2026).ticketId();
        placeNew("unrelated", MARCH_2026);

        Placement again = place(RawMail.from("alice@victim.example").subject("Fwd: resent").parse(), MARCH_2026);

        assertThat(again.ticketId()).isEqualTo(first);
        assertThat(again.role()).isEqualTo(Placement.DUPLICATE);
        assertThat(again.reason()).contains("Message-ID");
        assertThat(ticketCount()).isEqualTo(2);
    }

    @Test
    void reusedMessageIdWithOtherContentOpensANewTicketAndTheClashIsShownOnBoth() {
        String first = place(RawMail.from("alice@victim.example").parse(), MARCH_2026, "a".repeat(64)).ticketId();

        // the same Message-ID as alice's report, another incident
        Placement other = place(RawMail.from("mallory@other.example").subject("SSH brute force")
                .body("Brute force against our SSH servers from 203.0.113.9 since 02:00 UTC.\r\n").parse(),
                MARCH_2026, "b".repeat(64));

        assertThat(other.role()).isEqualTo(Placement.REPORT);
        assertThat(other.ticketId()).isNotEqualTo(first);
        assertThat(ticketCount()).isEqualTo(2);
        assertThat(clashes(other.ticketId())).containsExactly(
                Finding.of("message-id-clash", "report-1@victim.example", first));
        assertThat(clashes(first)).containsExactly(
                Finding.of("message-id-reused", "report-1@victim.example", other.ticketId()));
    }

    @Test
    void theSameRawMessageKeptTwiceIsARedeliveryWithoutAClash() {
        byte[] raw = RawMail.from("alice@victim.example").bytes();
        String sha = "c".repeat(64);
        String first = place(RawMail.parse(raw), MARCH_2026, sha).ticketId();

        Placement again = place(RawMail.parse(raw), MARCH_2026, sha);

        assertThat(again.role()).isEqualTo(Placement.DUPLICATE);
        assertThat(again.ticketId()).isEqualTo(first);
        assertThat(ticketCount()).isEqualTo(1);
        assertThat(clashes(first)).isEmpty();
    }

    @Test
    void theSameContentWithOtherBytesUnderTheSameMessageIdIsARedelivery() {
        String first = place(RawMail.from("alice@victim.example").parse(), MARCH_2026, "d".repeat(64)).ticketId();

        // re-fetched through another mailbox: a header more, so other bytes, the same report
        Placement again = place(RawMail.from("alice@victim.example").header("X-Forwarded-To", "csirt@example.org")
                .parse(), MARCH_2026, "e".repeat(64));

        assertThat(again.role()).isEqualTo(Placement.DUPLICATE);
        assertThat(again.ticketId()).isEqualTo(first);
        assertThat(clashes(first)).isEmpty();
    }

    @Test
    void reusedMessageIdOnAReplyIsAFollowUpAndStillShowsTheClash() {
        String ticket = place(RawMail.from("alice@victim.example").parse(), MARCH_2026, "f".repeat(64)).ticketId();

        Placement reply = place(RawMail.from("alice@victim.example").subject("Re: [CSIRT#2026-000001] more")
                .body("The site is back at another address, 198.51.100.99.\r\n").parse(), MARCH_2026,
                "1".repeat(64));

        assertThat(reply.role()).isEqualTo(Placement.FOLLOW_UP);
        assertThat(reply.ticketId()).isEqualTo(ticket);
        assertThat(clashes(ticket)).containsExactly(Finding.of("message-id-clash", "report-1@victim.example", ticket));
    }

    @Test
    void replyWithTheTicketTagInTheSubjectIsAFollowUp() {
        String ticket = place(RawMail.from("alice@victim.example").parse(), MARCH_2026).ticketId();

        Placement reply = place(RawMail.from("bob@victim.example").messageId("<other@victim.example>")
                .subject("Re: [OTRS#123] [" + ticket + "] Received: Phishing").parse(), MARCH_2026);

        assertThat(reply.ticketId()).isEqualTo(ticket);
        assertThat(reply.role()).isEqualTo(Placement.FOLLOW_UP);
        assertThat(reply.reason()).contains("tag");
        assertThat(ticketCount()).isEqualTo(1);
    }

    @Test
    void tagOfATicketWeDoNotHaveOpensANewTicket() {
        Placement placement = place(RawMail.from("alice@victim.example")
                .subject("Re: [CSIRT#2019-000999] old matter").parse(), MARCH_2026);

        assertThat(placement.role()).isEqualTo(Placement.REPORT);
        assertThat(placement.ticketId()).isEqualTo("CSIRT#2026-000001");
    }

    @Test
    void replyByInReplyToIsAFollowUp() {
        String ticket = place(RawMail.from("alice@victim.example").parse(), MARCH_2026).ticketId();

        Placement reply = place(RawMail.from("alice@victim.example").messageId("<reply-1@victim.example>")
                .subject("more details").header("In-Reply-To", "<report-1@victim.example>").parse(), MARCH_2026);

        assertThat(reply.ticketId()).isEqualTo(ticket);
        assertThat(reply.role()).isEqualTo(Placement.FOLLOW_UP);
        assertThat(reply.reason()).contains("In-Reply-To");
    }

    @Test
    void replyReferencingOurAcknowledgementIsAFollowUp() {
        String ticket = place(RawMail.from("alice@victim.example").parse(), MARCH_2026).ticketId();
        String ackId = "5f0c.CSIRT2026-000001@example.org";
        database.inTransaction(connection -> {
            Outbox.enqueue(connection, ticket, Outbox.ACKNOWLEDGEMENT,
                    new OutgoingMail(ackId, "alice@victim.example", new byte[] {1}), MARCH_2026);
            return null;
        });

        Placement reply = place(RawMail.from("alice@victim.example").messageId("<reply-2@victim.example>")
                .subject("Re: your mail").header("References", "<unknown@elsewhere.example> <" + ackId + ">")
                .parse(), MARCH_2026);

        assertThat(reply.ticketId()).isEqualTo(ticket);
        assertThat(reply.role()).isEqualTo(Placement.FOLLOW_UP);
        assertThat(ticketCount()).isEqualTo(1);
    }

    @Test
    void unrelatedReportsOpenTicketsOfTheirOwn() {
        String first = placeNew("one", MARCH_2026);

        Placement second = place(RawMail.from("carol@other.example").messageId("<two@other.example>")
                .header("In-Reply-To", "<never-seen@other.example>")
                .body("A different incident: brute force against our VPN.\r\n").parse(), MARCH_2026);

        assertThat(second.ticketId()).isNotEqualTo(first);
        assertThat(second.role()).isEqualTo(Placement.REPORT);
    }

    private String placeNew(String messageId, Instant at) {
        // Each its own text: the same text again would be an exact duplicate.
        Placement placement = place(RawMail.from("alice@victim.example").messageId("<" + messageId + "@x.example>")
                .body("Report " + messageId + ": scanning from 192.0.2." + (messageId.length() % 250) + ".\r\n")
                .parse(), at);
        assertThat(placement.role()).isEqualTo(Placement.REPORT);
        return placement.ticketId();
    }

    private Placement place(ParsedReport report, Instant receivedAt) {
        return place(report, receivedAt, "0".repeat(64));
    }

    private Placement place(ParsedReport report, Instant receivedAt, String rawSha256) {
        return database.inTransaction(connection -> {
            long rawId = Sql.insert(connection, """
                    INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                    VALUES (?, 1, 'csirt', ?, ?, 'pending')""",
                    rawSha256, "test:" + ++fetched, receivedAt);
            return tickets.place(connection, report, rawId, "csirt", receivedAt);
        });
    }

    private String text(String sql, Object... params) {
        return database.read(connection -> Sql.one(connection, sql, row -> row.getString(1), params)).orElseThrow();
    }

    /** The Message-ID clashes recorded in a ticket's history, as the admin UI reads them. */
    private java.util.List<Finding> clashes(String ticketId) {
        return database.read(connection -> Sql.list(connection,
                "SELECT detail FROM ticket_events WHERE ticket_id = ? AND kind = ? ORDER BY id",
                row -> Finding.fromStored(row.getString(1)), ticketId, TicketService.CLASH_EVENT));
    }

    private long ticketCount() {
        return database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM tickets"));
    }
}
