package io.outputcache.demo.hitbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (utime + stime, in clock ticks of 10 ms), with the
 * children of each (Varnish's worker, nginx's workers) added. Zero where there is no {@code /proc}: the report
 * then says so rather than guessing.
 */
final class CpuMeter {
    /** Linux's USER_HZ is 100 on every architecture the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuMeter() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** CPU nanoseconds used so far by the process and all its descendants; 0 when unknown. */
    static long nanos(long pid) {
        if (pid <= 0) {
            return 0;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        long ticks = 0;
        for (long p : pids) {
            ticks += ticks(p);
        }
        return ticks * NANOS_PER_TICK;
    }

    /**
     * Context switches so far (voluntary and not) of the process's live threads, from
     * {@code /proc/<pid>/task/<tid>/status}: each thread hand-off (a park and its unpark) is at least one. Threads
     * that ended took their counts with them, so only a difference over a window where the pool is steady says
     * something. 0 when unknown.
     */
    static long contextSwitches(long pid) {
        if (pid <= 0) {
            return 0;
        }
        long n = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                n += switches(task.resolve("status"));
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return n;
    }

    private static long switches(Path status) {
        long n = 0;
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // The thread ended between the listing and the read.
        }
        return n;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
