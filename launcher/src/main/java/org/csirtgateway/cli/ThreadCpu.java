package org.csirtgateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this process per group of threads (intake, JIT compiler, garbage collector, mail server, ...), read
 * from Linux's /proc/self/task, for the benchmark to say where the CPU went: the JVM's own threads (compiler,
 * collector) are not visible to Java's thread beans. Empty where there is no /proc.
 */
final class ThreadCpu {

    /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ThreadCpu() {
    }

    /** A thread's group and the CPU ticks it has used so far. */
    record Sample(String group, long ticks) {
    }

    /** CPU ticks used so far by each live thread of this process, by thread id. */
    static Map<Long, Sample> byThread() {
        Map<Long, Sample> samples = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    Sample sample = read(task.resolve("stat"));
                    samples.put(Long.parseLong(task.getFileName().toString()), sample);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return samples;
    }

    /** CPU ticks the calling thread has used so far (0 where there is no /proc). */
    static long ownTicks() {
        try {
            return read(Path.of("/proc/thread-self/stat")).ticks();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Ticks used since {@code before} per group, thread by thread (a thread that ended meanwhile is missing, and
     * threads that ended do not take their earlier ticks off their group).
     */
    static Map<String, Long> since(Map<Long, Sample> before) {
        Map<String, Long> used = new HashMap<>();
        byThread().forEach((tid, now) -> {
            Sample then = before.get(tid);
            used.merge(now.group(), now.ticks() - (then == null ? 0 : then.ticks()), Long::sum);
        });
        return used;
    }

    private static Sample read(Path stat) throws IOException {
        String line = Files.readString(stat);
        // "tid (name) state ..." - the name may hold spaces and parentheses: cut at the last ')'.
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String[] fields = line.substring(close + 2).split(" ");
        return new Sample(group(line.substring(open + 1, close)),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /** "intake 12.1 s, JIT compiler 3.2 s, ..." largest first; groups under 0.1 s left out. */
    static String describe(Map<String, Long> ticks) {
        if (ticks.isEmpty()) {
            return "(not available on this system)";
        }
        Map<String, Long> sorted = ticks.entrySet().stream().filter(e -> e.getValue() >= 10)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return sorted.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(),
                e.getValue() / TICKS_PER_SECOND)).collect(Collectors.joining(", "));
    }

    /** A thread's group, from the (at most 15 characters of its) name. */
    private static String group(String name) {
        if (name.startsWith("C2 Compiler") || name.startsWith("C1 Compiler")) {
            return "JIT compiler";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "garbage collector";
        }
        if (name.equals("java") || name.equals("main")) {
            // "java" in /proc: in the pipeline phase it runs the intake worker's loop, in the arrival phase it
            // delivers mail into GreenMail's mailbox
            return "main thread";
        }
        if (name.startsWith("intake-")) {
            return "intake";
        }
        if (name.startsWith("bench-keeper")) {
            return "keep";
        }
        if (name.startsWith("Lucene Merge")) {
            return "index merges";
        }
        if (name.startsWith("outbox-sender")) {
            return "outbox sender and index commits"; // the gateway's two scheduled jobs share these threads
        }
        if (name.startsWith("index-commits")) {
            return "index commits"; // the pipeline phase's own scheduler (no outbox is sent then)
        }
        if (name.startsWith("imap-poller") || name.startsWith("imap-wakeup")) {
            return "IMAP poller";
        }
        if (name.startsWith("imap:") || name.startsWith("smtp:")) {
            return "GreenMail";
        }
        return "other";
    }
}
