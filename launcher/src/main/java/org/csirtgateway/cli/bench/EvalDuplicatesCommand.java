package org.csirtgateway.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code csirt-gateway eval-duplicates}: precision and recall of near-duplicate detection on the labelled set. */
@Command(name = "eval-duplicates", mixinStandardHelpOptions = true,
        description = "Measure near-duplicate detection on the seeded labelled evaluation set.")
public final class EvalDuplicatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", description = "generator seed (default: the committed set's)")
    Long seed;

    @Option(names = "--incidents", description = "incidents in the set (default: the committed set's)")
    Integer incidents;

    @Option(names = "--threshold", description = "score threshold (default: search.nearDuplicateThreshold's default)")
    Double threshold;

    @Option(names = "--write", paramLabel = "FILE", description = "also write the labelled set as text to FILE")
    Path write;

    @Override
    public Integer call() throws Exception {
        DuplicateEvaluation set = DuplicateEvaluation.generate(
                seed == null ? DuplicateEvaluationCommandDefaults.SEED : seed,
                incidents == null ? DuplicateEvaluationCommandDefaults.INCIDENTS : incidents);
        if (write != null) {
            set.write(write);
        }
        Path dir = Files.createTempDirectory("csirt-eval-");
        try {
            DuplicateEvaluation.Figures figures = set.measure(dir,
                    threshold == null ? DuplicateEvaluationCommandDefaults.THRESHOLD : threshold);
            PrintWriter out = spec.commandLine().getOut();
            out.print(figures.describe());
            out.print(set.scoreRanges());
            out.flush();
        } finally {
            TemporaryDirectory.delete(dir);
        }
        return 0;
    }
}
