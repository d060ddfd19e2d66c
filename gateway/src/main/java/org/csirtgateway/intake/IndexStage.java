package org.csirtgateway.intake;

import java.io.IOException;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.search.ExtractedIndicators;
import org.csirtgateway.search.IndexedMessages;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.Placement;

/**
 * Adds a placed message to the search index. Its stage is done when the index is committed with it
 * ({@link IndexCommits}); adding it again replaces the earlier entry. Thread-safe: Lucene's writer takes documents
 * from several threads.
 */
final class IndexStage {

    private final Database database;
    private final ReportIndex index;
    private final IndexCommits commits;
    private final GatewayMetrics metrics;

    IndexStage(Database database, ReportIndex index, IndexCommits commits, GatewayMetrics metrics) {
        this.database = database;
        this.index = index;
        this.commits = commits;
        this.metrics = metrics;
    }

    /** Removes a ticket's entries (added again next). */
    void deleteTicket(String ticketId) throws IOException {
        index.deleteTicket(ticketId);
    }

    /** Adds an entry made from the database row alone (the original could not be read). */
    void addAsStored(IndexedMessage message) throws IOException {
        index.index(message);
        commits.added(Long.parseLong(message.messageKey()));
    }

    /**
     * Adds the message; returns it as indexed. A message that just opened its ticket is indexed as new; one that joins
     * a ticket, or is indexed again later, with the ticket's status and category as they are now, so the status and
     * category filters find the ticket once, as it is.
     */
    IndexedMessage add(Placed one, boolean justPlaced) throws IOException {
        Placement placement = one.placement();
        ParsedReport report = one.message().report();
        RawRow raw = one.message().raw();
        long started = System.nanoTime();
        String[] state = justPlaced && placement.openedTicket() ? new String[] {"new", null} : database.read(
                connection -> Sql.one(connection, "SELECT status, category FROM tickets WHERE id = ?",
                        row -> new String[] {row.getString(1), row.getString(2)}, placement.ticketId()))
                .orElse(new String[] {"new", null});
        IndexedMessage indexed = IndexedMessages.of(placement.messageRowId(), placement.ticketId(),
                report.subject(), report.sender(), report.searchableText(), raw.fetchedAt(), state[0], state[1],
                raw.channel(), report.attachments(), ExtractedIndicators.forIndex(report.details().indicators()));
        index.index(indexed, one.message().text());
        commits.added(placement.messageRowId());
        metrics.stage(GatewayMetrics.INDEX, started);
        return indexed;
    }
}
