package org.csirtgateway.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.importing.ImportPlan;
import org.csirtgateway.importing.ImportProgress;
import org.csirtgateway.importing.ImportSummary;
import org.csirtgateway.importing.MailImporter;

/**
 * Imports history into a data directory in a JVM of its own, as {@code csirt-gateway import --data DIR} does, for a
 * test that kills it half-way. Arguments: data directory, the team's secret key file, then the files to import.
 * Prints {@code IMPORTED <n>} when done.
 */
public final class ImportMain {

    private ImportMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        List<Path> paths = java.util.Arrays.stream(args, 2, args.length).map(Path::of).toList();
        try (GatewayCore core = new GatewayCore(new ConfigLoader(Map.of("CSIRT_PGP_SECRET_KEYS", args[1]))
                .forDataDirectory(data), Clock.systemUTC(), GatewayCore.Commits.SCHEDULED)) {
            ImportSummary summary = new MailImporter(core.pipeline(), core.database(), "import")
                    .run(ImportPlan.of(paths), ImportProgress.NONE);
            System.out.println("IMPORTED " + summary.imported());
        }
    }
}
