package org.csirtgateway.cli;

import java.nio.file.Path;
import java.time.Clock;

import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.store.Database;
import picocli.CommandLine.Option;

/**
 * Where the database is, for commands that work without the gateway running: the configuration file of a deployment,
 * or a data directory (e.g. a demo's).
 */
final class DataOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "the gateway's configuration file")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "the gateway's data directory (e.g. a demo's)")
    Path dataDir;

    Database openDatabase() {
        if ((configFile == null) == (dataDir == null)) {
            throw new IllegalArgumentException("give exactly one of --config FILE or --data DIR");
        }
        Path dir = dataDir != null ? dataDir : new ConfigLoader(System.getenv()).load(configFile).dataDir();
        return Database.open(dir.resolve("gateway.db"));
    }

    static Clock clock() {
        return Clock.systemUTC();
    }
}
