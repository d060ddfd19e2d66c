package org.csirtgateway.cli;

import java.util.concurrent.Callable;

import org.csirtgateway.crypto.PgpBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measures how many encrypted and signed reports per second the OpenPGP stage and the parser handle. */
@Command(name = "bench-pgp", mixinStandardHelpOptions = true,
        description = "Benchmark: PGP/MIME encrypted+signed reports per second (decrypt, verify, parse), for an "
                + "RSA-3072 and a Curve25519 team key. Rerunnable; prints figures.")
final class BenchPgpCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--reports", defaultValue = "2000", description = "reports per key type (default: ${DEFAULT-VALUE})")
    int reports;

    @Option(names = "--team-keys", defaultValue = "1",
            description = "team keys of each type (key rotation); the reports are spread over them "
                    + "(default: ${DEFAULT-VALUE})")
    int teamKeys;

    @Option(names = "--threads", defaultValue = "2", description = "worker threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (reports <= 0 || threads <= 0 || teamKeys <= 0) {
            throw new IllegalArgumentException("--reports, --threads and --team-keys must be positive");
        }
        var out = spec.commandLine().getOut();
        int failures = 0;
        for (String kind : new String[] {"rsa3072", "curve25519"}) {
            PgpBench.Figures figures = PgpBench.run(kind, teamKeys, reports, threads);
            out.println(figures);
            out.flush();
            failures += figures.wrong();
        }
        PgpBench.Figures smime = org.csirtgateway.crypto.SmimeBench.run(reports, threads);
        out.println(smime);
        failures += smime.wrong();
        return failures == 0 ? 0 : 1;
    }
}
