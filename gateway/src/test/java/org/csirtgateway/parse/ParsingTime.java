package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Bounds the work of parsing one input by the CPU time of the thread doing it, not by wall time: on a machine shared
 * with other builds a linear parse may wait for a core, but it does not use more CPU. A generous wall-clock guard still
 * stops an input that really stalls the parser (quadratic work takes minutes to hours, far beyond it).
 */
final class ParsingTime {

    /** Wall time after which an input is taken to stall the parser, whatever else the machine is doing. */
    static final Duration STALL_GUARD = Duration.ofSeconds(30);

    private ParsingTime() {
    }

    /** Runs the work and returns its result; fails when it used more than cpuBound of CPU or ran past the guard. */
    static <T> T withinCpuTime(Duration cpuBound, String what, ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(STALL_GUARD, () -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            boolean cpuTime = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
            long start = cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime();
            T result = work.get();
            long used = (cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
            assertThat(Duration.ofNanos(used)).as("%s time for %s", cpuTime ? "CPU" : "wall", what)
                    .isLessThanOrEqualTo(cpuBound);
            return result;
        }, what + " stalled the parser");
    }
}
