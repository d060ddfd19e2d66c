package org.csirtgateway.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Samples the used heap in the background; keeps the peak. */
final class HeapWatch implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    HeapWatch() {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The heap in use now, after asking for a full collection (what the program really holds). */
    long usedAfterGc() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }

    long peak() {
        sample();
        return peak;
    }

    /** Starts a new peak from the heap in use now. */
    void resetPeak() {
        peak = memory.getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        long used = memory.getHeapMemoryUsage().getUsed();
        if (used > peak) {
            peak = used;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }
}
