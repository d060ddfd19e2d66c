package org.csirtgateway.cli;

import java.io.PrintWriter;

/** A one-line text progress bar, redrawn in place with a carriage return, at most once per percent. */
final class ProgressBar {

    private static final int WIDTH = 40;

    private final PrintWriter out;
    private final String label;
    private int lastPercent = -1;

    ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    void show(long done, long total) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        out.printf("\r%s [%s%s] %3d%% %d/%d", label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent, done,
                total);
        out.flush();
    }

    void done() {
        out.println();
        out.flush();
    }
}
