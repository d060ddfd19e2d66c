package org.csirtgateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.intake.AckMode;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.OutgoingProtection;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search filtered by status or category finds a ticket as the analysts left it, not as it was when its report
 * arrived: analysts' changes reach the index, and a rebuild writes the same.
 */
class TicketIndexUpdatesTest {

    @TempDir
    Path data;
    private Database database;
    private ReportIndex index;
    private TicketCommands commands;
    private String ticketId;

    @BeforeEach
    void keepOneReportAndOpenTheGatewaysSide() throws Exception {
        String raw = "From: r@example.org\r\nSubject: Phishing kit on www\r\nMessage-ID: <k1@example.org>\r\n\r\n"
                + "A phishing kit is hosted at hxxp://bad[.]example/kit.zip\r\n";
        try (GatewayCore intake = DataDirectories.open(data)) {
            long id = intake.pipeline().keep("csirt", "test:1",
                    out -> new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)).transferTo(out))
                    .orElseThrow();
            intake.pipeline().process(id);
        }
        database = Database.open(data.resolve("gateway.db"));
        index = ReportIndex.open(data.resolve("index"));
        ticketId = database.read(connection -> Sql.one(connection, "SELECT id FROM tickets",
                row -> row.getString(1))).orElseThrow();
        commands = new TicketCommands(database, new TicketIds("CSIRT#"), new TeamMailComposer(new TeamIdentity(
                "Example CSIRT", "csirt@example.org")), new RawArchive(data.resolve("archive"), database),
                Clock.systemUTC(), OutgoingProtection.NONE, new TicketIndexUpdates(database, index));
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void aStatusChangeMovesTheTicketBetweenStatusFilters() throws Exception {
        assertThat(found("new", "")).isEqualTo(1);

        commands.changeStatus(ticketId, "triaged", "alice");

        assertThat(found("new", "")).as("no longer new").isZero();
        assertThat(found("triaged", "")).isEqualTo(1);
    }

    @Test
    void aCategoryAnAnalystSetsCanBeFilteredOn() throws Exception {
        assertThat(found("", "phishing")).isZero();

        commands.categorize(ticketId, "phishing", "alice");

        assertThat(found("", "phishing")).isEqualTo(1);
        assertThat(found("new", "phishing")).isEqualTo(1);
    }

    @Test
    void aRebuiltIndexKeepsTheStatusAndCategoryOfTheDatabase() throws Exception {
        commands.changeStatus(ticketId, "triaged", "alice");
        commands.categorize(ticketId, "phishing", "alice");

        index.close();
        try (GatewayCore core = DataDirectories.open(data)) {
            core.reindex(done -> { });
        }
        index = ReportIndex.open(data.resolve("index"));

        assertThat(found("triaged", "phishing")).isEqualTo(1);
        assertThat(found("new", "")).isZero();
    }

    @Test
    void aFollowUpToAWorkedTicketIsIndexedWithTheTicketsStatusNotAsNew() throws Exception {
        commands.changeStatus(ticketId, "triaged", "alice");
        index.close();
        String followUp = "From: r@example.org\r\nSubject: Re: [" + ticketId + "] Phishing kit on www\r\n"
                + "Message-ID: <k2@example.org>\r\nIn-Reply-To: <k1@example.org>\r\n\r\nThe kit is still up.\r\n";
        try (GatewayCore intake = DataDirectories.open(data)) {
            long id = intake.pipeline().keep("csirt", "test:2",
                    out -> new ByteArrayInputStream(followUp.getBytes(StandardCharsets.UTF_8)).transferTo(out))
                    .orElseThrow();
            intake.pipeline().process(id);
        }
        index = ReportIndex.open(data.resolve("index"));

        assertThat(index.messageCount()).isEqualTo(2);
        assertThat(found("new", "")).as("no message of the ticket says new").isZero();
        assertThat(found("triaged", "")).isEqualTo(1);
    }

    private long found(String status, String category) throws Exception {
        return index.search(new SearchRequest("kit", status, category, "", null, null, "", SearchRequest.Sort.NEWEST,
                10, 0)).totalTickets();
    }
}
