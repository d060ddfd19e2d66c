package org.csirtgateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SearchRequest;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.ticket.TicketCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search filtered by status or category finds a ticket as the analysts left it, not as it was when its report
 * arrived: analysts' changes reach the index, a rebuild writes the same, and the entries stay what the intake made of
 * the report (the text of its attachments included).
 */
class TicketIndexUpdatesTest {

    @TempDir
    Path data;
    private GatewayCore core;
    private ReportIndex index;
    private TicketCommands commands;
    private String ticketId;

    @BeforeEach
    void keepOneReportWithALogAttached() throws Exception {
        core = DataDirectories.open(data);
        arrive("test:1", """
                From: r@example.org\r
                Subject: Phishing kit on www\r
                Message-ID: <k1@example.org>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b"\r
                \r
                --b\r
                Content-Type: text/plain\r
                \r
                A phishing kit is hosted at hxxp://bad[.]example/kit.zip\r
                --b\r
                Content-Type: text/plain; name="access.log"\r
                Content-Disposition: attachment; filename="access.log"\r
                \r
                GET /kit.zip from the crawler named quillfeather\r
                --b--\r
                """);
        index = core.index();
        commands = core.ticketCommands();
        ticketId = core.database().read(connection -> Sql.one(connection, "SELECT id FROM tickets",
                row -> row.getString(1))).orElseThrow();
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aStatusChangeMovesTheTicketBetweenStatusFilters() throws Exception {
        assertThat(found("kit", "new", "")).isEqualTo(1);

        commands.changeStatus(ticketId, "triaged", "alice");

        assertThat(found("kit", "new", "")).as("no longer new").isZero();
        assertThat(found("kit", "triaged", "")).isEqualTo(1);
    }

    @Test
    void aStatusChangeKeepsTheTextOfAnAttachedLogSearchable() throws Exception {
        assertThat(found("quillfeather", "", "")).isEqualTo(1);

        commands.changeStatus(ticketId, "triaged", "alice");

        assertThat(found("quillfeather", "triaged", "")).as("the entry is still the intake's").isEqualTo(1);
    }

    @Test
    void aCategoryAnAnalystSetsCanBeFilteredOn() throws Exception {
        assertThat(found("kit", "", "phishing")).isZero();

        commands.categorize(ticketId, "phishing", "alice");

        assertThat(found("kit", "", "phishing")).isEqualTo(1);
        assertThat(found("kit", "new", "phishing")).isEqualTo(1);
    }

    @Test
    void aRebuiltIndexKeepsTheStatusAndCategoryOfTheDatabaseAndTheAttachmentText() throws Exception {
        commands.changeStatus(ticketId, "triaged", "alice");
        commands.categorize(ticketId, "phishing", "alice");

        core.reindex(done -> { });

        assertThat(found("kit", "triaged", "phishing")).isEqualTo(1);
        assertThat(found("kit", "new", "")).isZero();
        assertThat(found("quillfeather", "", "")).isEqualTo(1);
    }

    @Test
    void aFollowUpToAWorkedTicketIsIndexedWithTheTicketsStatusNotAsNew() throws Exception {
        commands.changeStatus(ticketId, "triaged", "alice");

        arrive("test:2", "From: r@example.org\r\nSubject: Re: [" + ticketId + "] Phishing kit on www\r\n"
                + "Message-ID: <k2@example.org>\r\nIn-Reply-To: <k1@example.org>\r\n\r\nThe kit is still up.\r\n");

        assertThat(index.messageCount()).isEqualTo(2);
        assertThat(found("kit", "new", "")).as("no message of the ticket says new").isZero();
        assertThat(found("kit", "triaged", "")).isEqualTo(1);
    }

    private void arrive(String source, String raw) throws Exception {
        long id = core.pipeline().keep("csirt", source, out -> out.write(raw.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow();
        core.pipeline().process(id);
    }

    private long found(String words, String status, String category) throws Exception {
        return index.search(new SearchRequest(words, status, category, "", null, null, "",
                SearchRequest.Sort.NEWEST, 10, 0)).totalTickets();
    }
}
