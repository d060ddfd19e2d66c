package org.csirtgateway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.csirtgateway.importing.ImportProgress;

/**
 * Progress of a long command on stderr: count, rate and time left. On a terminal one line is redrawn in place
 * (carriage return) at most ten times a second; otherwise (a log file, CI) a plain line is printed every few seconds.
 */
final class ProgressBar implements ImportProgress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();
    private static final long LINE_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter err;
    private final boolean terminal;
    private final String what;
    private final LongSupplier nanoTime;
    private long total;
    private long startedAt;
    private long lastDrawnAt;

    ProgressBar(PrintWriter err, boolean terminal, String what, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.what = what;
        this.nanoTime = nanoTime;
    }

    /** For stderr: a terminal when the JVM has a console (stdin and stdout are a terminal). */
    static ProgressBar onStderr(PrintWriter err, String what) {
        return new ProgressBar(err, System.console() != null, what, System::nanoTime);
    }

    @Override
    public void started(long total) {
        this.total = total;
        this.startedAt = nanoTime.getAsLong();
        this.lastDrawnAt = startedAt;
        if (!terminal) {
            err.println(what + ": " + total + " message(s) to read");
            err.flush();
        }
    }

    @Override
    public void advanced(long done) {
        long now = nanoTime.getAsLong();
        if (now - lastDrawnAt >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            lastDrawnAt = now;
            draw(done, now);
        }
    }

    @Override
    public void finished(long done) {
        draw(done, nanoTime.getAsLong());
        if (terminal) {
            err.println();
        }
        err.flush();
    }

    /** The progress line, e.g. {@code [#######.......]  412/837  49%  103.2 msg/s  ETA 0:04}. */
    String line(long done, long now) {
        double seconds = Math.max(1e-9, (now - startedAt) / 1e9);
        double rate = done / seconds;
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        String eta = done == 0 || rate <= 0 ? "--:--" : clock((long) Math.ceil(Math.max(0, total - done) / rate));
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + percent
                + "% " + String.format(java.util.Locale.ROOT, "%.1f", rate) + " msg/s ETA " + eta;
    }

    private void draw(long done, long now) {
        if (terminal) {
            err.print("\r" + line(done, now) + "  ");
        } else {
            err.println(what + ": " + line(done, now));
        }
        err.flush();
    }

    private static String clock(long seconds) {
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        return hours > 0 ? "%d:%02d:%02d".formatted(hours, minutes, secs) : "%d:%02d".formatted(minutes, secs);
    }
}
