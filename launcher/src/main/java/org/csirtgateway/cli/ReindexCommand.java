package org.csirtgateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.search.Reindexer;
import org.csirtgateway.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Rebuilds the search index from the database, with a progress bar. The gateway must be stopped. */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the search index from the database (stop the gateway first).")
final class ReindexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data.dataDirectory();
        Database database = data.openDatabase();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant start = Instant.now();
        long count;
        try (ReportIndex index = ReportIndex.open(dataDir.resolve("index"))) {
            ProgressBar bar = ProgressBar.onStderr(err, "reindexed");
            boolean[] started = {false};
            count = new Reindexer(database).rebuild(index, (done, total) -> {
                if (!started[0]) {
                    bar.started(total);
                    started[0] = true;
                }
                bar.advanced(done);
            });
            bar.finished(count);
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        out.printf("Search index rebuilt: %d messages in %.1f s%n", count, seconds);
        return 0;
    }
}
