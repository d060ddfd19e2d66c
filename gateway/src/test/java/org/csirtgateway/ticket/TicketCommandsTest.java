package org.csirtgateway.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ticket life on a real SQLite file: the status rule, who and when, merges, and the audit log. */
class TicketCommandsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path directory;
    private Database database;
    private ReportIndex index;
    private TicketCommands commands;
    private TicketQueries queries;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(directory.resolve("gateway.db"));
        index = ReportIndex.open(directory.resolve("index"));
        commands = new TicketCommands(database, new TicketIds("CSIRT#"), new TeamMailComposer(new TeamIdentity(
                "Example CSIRT", "csirt@example.org")), new RawArchive(directory.resolve("archive"), database),
                Clock.fixed(NOW, ZoneOffset.UTC));
        queries = new TicketQueries(database, index);
        for (String id : List.of("A", "B", "C")) {
            ticket(id);
        }
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void everyAllowedTransitionWorksAndEveryOtherIsRefusedNamingTheRule() {
        for (TicketStatus from : TicketStatus.values()) {
            for (TicketStatus to : TicketStatus.values()) {
                setStatus("A", from);
                if (from.mayBecome(to)) {
                    commands.changeStatus("A", to.dbName(), "alice");
                    assertThat(status("A")).isEqualTo(to.dbName());
                } else {
                    assertThatThrownBy(() -> commands.changeStatus("A", to.dbName(), "alice"))
                            .isInstanceOfSatisfying(TicketChangeRefused.class, e -> {
                                assertThat(e.rule()).isEqualTo("status-transition");
                                assertThat(e.getMessage()).contains("from " + from.dbName() + " to " + to.dbName())
                                        .contains(TicketStatus.RULE);
                            });
                    assertThat(status("A")).isEqualTo(from.dbName());
                }
            }
        }
    }

    @Test
    void statusChangesRecordWhoAndWhenInTheTicketAndTheAuditLog() {
        commands.changeStatus("A", "triaged", "alice");
        commands.changeStatus("A", "not-incident", "bob");
        TicketLife life = queries.find("A").orElseThrow().life();
        assertThat(life.statusChangedBy()).isEqualTo("bob");
        assertThat(life.statusChangedAt()).isEqualTo(NOW);
        assertThat(life.events()).extracting(TicketLife.Event::actor, TicketLife.Event::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "new -> triaged"),
                        org.assertj.core.groups.Tuple.tuple("bob", "triaged -> not-incident"));
    }

    @Test
    void aMergeRoutesBothIdsToTheSurvivorAndFollowsEarlierMerges() {
        commands.merge("C", "B", "alice");
        commands.merge("B", "A", "alice");
        database.read(connection -> {
            assertThat(TicketRouting.survivorOf(connection, "B")).hasValue("A");
            assertThat(TicketRouting.survivorOf(connection, "C")).hasValue("A");
            assertThat(TicketRouting.survivorOf(connection, "A")).hasValue("A");
            assertThat(TicketRouting.survivorOf(connection, "Z")).isEmpty();
            return null;
        });
        TicketDetail survivor = queries.find("A").orElseThrow();
        assertThat(survivor.life().mergedFrom()).containsExactly("B", "C");
        assertThat(survivor.messages()).extracting(MessageView::subject).containsExactly("about A", "about B",
                "about C");
        assertThat(survivor.summary().messageCount()).isEqualTo(3);
        assertThat(status("B")).isEqualTo("duplicate");
        assertThat(survivor.life().events()).extracting(TicketLife.Event::detail)
                .containsExactly("B merged into this ticket, with C");
        assertThatThrownBy(() -> commands.changeStatus("B", "resolved", "alice"))
                .isInstanceOfSatisfying(TicketChangeRefused.class, e -> assertThat(e.rule()).isEqualTo("ticket-merged"));
        assertThatThrownBy(() -> commands.merge("A", "C", "alice"))
                .isInstanceOfSatisfying(TicketChangeRefused.class,
                        e -> assertThat(e.rule()).isEqualTo("merge-into-merged"));
        assertThatThrownBy(() -> commands.merge("A", "nope", "alice")).isInstanceOf(TicketNotFound.class);
    }

    @Test
    void aReplyAndAForwardGoToTheOutboxWithTheTagAndAppearInTheThread() {
        String replyId = commands.reply("A", null, "Thanks, we are on it.", "alice");
        assertThatThrownBy(() -> commands.reply("A", "not an address", "x", "alice"))
                .isInstanceOfSatisfying(TicketChangeRefused.class,
                        e -> assertThat(e.rule()).isEqualTo("reply-recipient"));
        TicketDetail ticket = queries.find("A").orElseThrow();
        assertThat(ticket.messages()).extracting(MessageView::role).containsExactly("report", "reply");
        assertThat(ticket.messages().get(1).subject()).isEqualTo("Re: [A] about A");
        assertThat(ticket.life().outgoing()).singleElement().satisfies(mail -> {
            assertThat(mail.messageId()).isEqualTo(replyId);
            assertThat(mail.recipient()).isEqualTo("reporter-a@example.net");
            assertThat(mail.state()).isEqualTo("pending");
            assertThat(mail.author()).isEqualTo("alice");
        });
        database.read(connection -> {
            assertThat(new TicketRouting(new TicketIds("CSIRT#"), List.of())
                    .byReferences(connection, List.of(replyId), List.of())).map(TicketRouting.Route::ticketId)
                    .hasValue("A");
            return null;
        });
    }

    private void ticket(String id) {
        database.inTransaction(connection -> {
            long raw = Sql.insert(connection, """
                    INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                    VALUES (?, 1, 'csirt', ?, ?, 'processed')""", "%064d".formatted(id.charAt(0) + 0), id, NOW);
            Sql.update(connection, """
                    INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at)
                    VALUES (?, ?, ?, 'csirt', 'new', ?, ?)""", id, "about " + id,
                    "reporter-" + id.toLowerCase() + "@example.net", NOW, NOW);
            Sql.update(connection, """
                    INSERT INTO messages (raw_id, ticket_id, role, message_id, subject, received_at, body_text)
                    VALUES (?, ?, 'report', ?, ?, ?, 'text')""", raw, id, "m-" + id + "@example.net",
                    "about " + id, NOW.minusSeconds(1000 - id.charAt(0)));
            return null;
        });
    }

    private void setStatus(String id, TicketStatus status) {
        database.inTransaction(connection -> Sql.update(connection, "UPDATE tickets SET status = ? WHERE id = ?",
                status.dbName(), id));
    }

    private String status(String id) {
        return queries.find(id).orElseThrow().summary().status();
    }
}
