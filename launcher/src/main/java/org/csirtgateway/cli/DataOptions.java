package org.csirtgateway.cli;

import java.nio.file.Path;
import java.time.Clock;

import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.store.Database;
import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.ui.auth.UserAccounts;
import org.csirtgateway.ui.auth.UserAdministration;
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
        return Database.open(dataDirectory().resolve("gateway.db"));
    }

    /** The data directory named by --data, or by the configuration's data.dir. */
    Path dataDirectory() {
        if ((configFile == null) == (dataDir == null)) {
            throw new IllegalArgumentException("give exactly one of --config FILE or --data DIR");
        }
        return dataDir != null ? dataDir : new ConfigLoader(System.getenv()).load(configFile).dataDir();
    }

    /**
     * The configuration named by --config, or a bare data directory's ({@link ConfigLoader#forDataDirectory}): the
     * team's keys, definitions and limits the pipeline is built with.
     */
    org.csirtgateway.config.GatewayConfig configuration() {
        if ((configFile == null) == (dataDir == null)) {
            throw new IllegalArgumentException("give exactly one of --config FILE or --data DIR");
        }
        ConfigLoader loader = new ConfigLoader(System.getenv());
        return configFile != null ? loader.load(configFile) : loader.forDataDirectory(dataDir);
    }

    /** The configuration's ticket prefix; the default (CSIRT#) for a bare data directory. */
    String ticketPrefix() {
        if (configFile != null) {
            return new ConfigLoader(System.getenv()).load(configFile).ticketPrefix();
        }
        return "CSIRT#";
    }

    static Clock clock() {
        return Clock.systemUTC();
    }

    /** User administration over the database, as the admin UI does it (same rules, same audit log). */
    static UserAdministration administration(Database database) {
        return new UserAdministration(database, new UserAccounts(database, clock()),
                new AccountAudit(database, clock()), clock());
    }
}
