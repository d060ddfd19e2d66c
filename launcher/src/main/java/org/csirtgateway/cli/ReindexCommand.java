package org.csirtgateway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Builds the search index anew from the archived originals through the pipeline's own stages (read, unwrap, parse,
 * index), with a progress bar. The gateway must be stopped.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Build the search index anew from the archived originals (stop the gateway first).")
final class ReindexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant start = Instant.now();
        long count;
        GatewayConfig config = data.configuration();
        long total;
        try (Database database = Database.open(config.databaseFile())) {
            total = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM messages"));
        }
        ProgressBar bar = ProgressBar.onStderr(err, "reindexed");
        bar.started(total);
        try (GatewayCore core = GatewayCore.withIndexBuiltAnew(config, DataOptions.clock(), bar::advanced)) {
            count = core.indexedAtOpen();
        }
        bar.finished(count);
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        out.printf("Search index rebuilt: %d messages in %.1f s%n", count, seconds);
        return 0;
    }
}
