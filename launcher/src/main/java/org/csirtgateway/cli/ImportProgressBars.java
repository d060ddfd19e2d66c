package org.csirtgateway.cli;

import java.io.PrintWriter;

import org.csirtgateway.importing.ImportProgress;

/**
 * An import's progress as two bars on stderr: the messages kept (read and archived), then the messages processed
 * through the pipeline. {@code onKept} and {@code onProcessed} run when each is complete (the benchmark notes the
 * times).
 */
final class ImportProgressBars implements ImportProgress {

    private final ProgressBar keeping;
    private final ProgressBar processing;
    private final Runnable onKept;
    private final Runnable onProcessed;
    private boolean processingStarted;

    ImportProgressBars(PrintWriter err, String keptLabel, String processedLabel, Runnable onKept,
                       Runnable onProcessed) {
        this.keeping = ProgressBar.onStderr(err, keptLabel);
        this.processing = ProgressBar.onStderr(err, processedLabel);
        this.onKept = onKept;
        this.onProcessed = onProcessed;
    }

    ImportProgressBars(PrintWriter err, String keptLabel, String processedLabel) {
        this(err, keptLabel, processedLabel, () -> { }, () -> { });
    }

    @Override
    public void started(long total) {
        keeping.started(total);
    }

    @Override
    public void advanced(long done) {
        keeping.advanced(done);
    }

    @Override
    public void finished(long done) {
        onKept.run();
        keeping.finished(done);
    }

    @Override
    public void processing(long done, long total) {
        if (!processingStarted) {
            processing.started(total);
            processingStarted = true;
        }
        if (done == total) {
            onProcessed.run();
            processing.finished(done);
        } else {
            processing.advanced(done);
        }
    }
}
