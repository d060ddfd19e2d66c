package org.csirtgateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of another program on this machine: a process and all its descendants (Dovecot's master, login and IMAP
 * processes), read from Linux's /proc, so the benchmark can say what the IMAP server cost next to the gateway.
 * Children that ended and were waited for count through their parent's cutime/cstime. 0 where there is no /proc.
 */
final class ProcessTreeCpu {

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcessTreeCpu() {
    }

    /** CPU ticks used so far by {@code root} and every process below it. */
    static long ticks(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> used = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    // "pid (name) state ppid ..." - the name may hold spaces and parentheses: cut at the last ')'.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(name);
                    children.computeIfAbsent(Long.parseLong(fields[1]), parent -> new ArrayList<>()).add(pid);
                    used.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                            + Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
                } catch (IOException | RuntimeException ended) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        long total = 0;
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            total += used.getOrDefault(pid, 0L);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return total;
    }
}
