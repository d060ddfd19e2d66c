package org.csirtgateway.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Near-duplicate detection on the labelled evaluation set meets its targets: recall >= 0.95 at precision >= 0.98. */
class DuplicateEvaluationTest {

    @TempDir
    Path dir;

    @Test
    void nearDuplicatesAreProposedWithTheTargetPrecisionAndRecall() throws Exception {
        DuplicateEvaluation set = DuplicateEvaluation.generate(DuplicateEvaluationCommandDefaults.SEED,
                DuplicateEvaluationCommandDefaults.INCIDENTS);
        DuplicateEvaluation.Figures figures = set.measure(dir, DuplicateEvaluationCommandDefaults.THRESHOLD);
        System.out.print(figures.describe() + set.scoreRanges());
        set.mistakes().forEach(m -> System.out.println("  wrong: " + m));

        assertThat(figures.duplicates()).isGreaterThanOrEqualTo(800);
        assertThat(figures.precision()).isGreaterThanOrEqualTo(0.98);
        assertThat(figures.recall()).isGreaterThanOrEqualTo(0.95);
    }
}
