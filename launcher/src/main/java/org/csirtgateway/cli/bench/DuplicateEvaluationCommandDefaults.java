package org.csirtgateway.cli.bench;

/** The evaluation's defaults, shared by the command and the test that asserts its figures. */
public final class DuplicateEvaluationCommandDefaults {

    public static final long SEED = 20_260_307L;
    public static final int INCIDENTS = 200;
    /** The default of {@code search.nearDuplicateThreshold}. */
    public static final double THRESHOLD = 0.52;

    private DuplicateEvaluationCommandDefaults() {
    }
}
