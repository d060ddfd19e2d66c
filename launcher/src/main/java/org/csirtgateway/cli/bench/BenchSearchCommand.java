package org.csirtgateway.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code csirt-gateway bench-search --messages 100000}: the reproducible search benchmark. */
@Command(name = "bench-search", mixinStandardHelpOptions = true,
        description = "Benchmark indexing, search and the near-duplicate check on a synthetic archive.")
public final class BenchSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--messages", defaultValue = "100000", description = "messages to index (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--seed", defaultValue = "7", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dir", description = "index directory (default: a temporary one, deleted afterwards)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (messages < 1) {
            throw new IllegalArgumentException("--messages must be at least 1");
        }
        boolean temporary = dir == null;
        Path indexDir = temporary ? Files.createTempDirectory("csirt-bench-") : dir;
        try {
            new SearchBenchmark(seed, spec.commandLine().getOut()).run(indexDir, messages);
        } finally {
            if (temporary) {
                TemporaryDirectory.delete(indexDir);
            }
        }
        return 0;
    }
}
