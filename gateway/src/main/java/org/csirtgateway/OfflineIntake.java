package org.csirtgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.parse.ReportParser;
import org.csirtgateway.store.Database;
import org.csirtgateway.ticket.TicketIds;
import org.csirtgateway.ticket.TicketService;

/**
 * The intake pipeline over a data directory, without mail servers: for importing history. It composes no
 * acknowledgements at all. The search index is opened for writing, so the gateway itself must not be running on
 * the same data directory (Lucene's lock says so clearly if it is).
 */
public final class OfflineIntake implements AutoCloseable {

    private final Database database;
    private final ReportIndex index;
    private final IntakePipeline pipeline;

    public OfflineIntake(Path dataDir, String ticketPrefix, Clock clock) {
        this.database = Database.open(dataDir.resolve("gateway.db"));
        try {
            RawArchive archive = new RawArchive(dataDir.resolve("archive"), database);
            this.index = org.csirtgateway.search.Reindexer.openOrRebuild(dataDir.resolve("index"), database);
            this.pipeline = new IntakePipeline(database, archive, new ReportParser(),
                    new TicketService(new TicketIds(ticketPrefix)), new AcknowledgementPolicy(Set.of()),
                    Optional.empty(), index, clock, org.csirtgateway.crypto.CryptoStage.withoutTeamKeys(database));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the data directory " + dataDir + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("already open")
                    ? " (stop the gateway before importing)" : ""), e);
        }
    }

    public Database database() {
        return database;
    }

    public IntakePipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        try {
            index.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The search index did not close cleanly: " + e.getMessage(), e);
        } finally {
            database.close();
        }
    }
}
