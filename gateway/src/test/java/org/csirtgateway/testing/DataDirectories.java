package org.csirtgateway.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.ConfigLoader;

/** A data directory's {@link GatewayCore} without mail servers, as the data commands open it with {@code --data}. */
public final class DataDirectories {

    private DataDirectories() {
    }

    /** The core with the index committed after every batch, so what a call did is searchable when it returns. */
    public static GatewayCore open(Path data) {
        return new GatewayCore(new ConfigLoader(Map.of()).forDataDirectory(data), Clock.systemUTC(),
                GatewayCore.Commits.EACH_BATCH);
    }
}
