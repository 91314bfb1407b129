package io.outputcache.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts, per Redis topology and test class, the tests that passed, failed and were skipped, and keeps the table
 * in {@code target/topology-matrix.txt} (rewritten after every test, so it is whole whenever the run stops;
 * {@code .ci/run} prints it). Register with {@code @ExtendWith(TopologyMatrix.class)} on a test class that
 * implements {@link OnTopology}.
 */
public final class TopologyMatrix implements TestWatcher {
    /** A test class that runs against one topology. */
    public interface OnTopology {
        RedisTopology topology();
    }

    private record Row(RedisTopology topology, String testClass) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int byTopology = topology.compareTo(o.topology);
            return byTopology != 0 ? byTopology : testClass.compareTo(o.testClass);
        }
    }

    private static final Map<Row, int[]> COUNTS = new TreeMap<>();

    @Override
    public void testSuccessful(ExtensionContext context) {
        count(context, 0);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        count(context, 1);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        count(context, 2);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        count(context, 2);
    }

    private static void count(ExtensionContext context, int column) {
        Object instance = context.getTestInstance().orElse(null);
        if (!(instance instanceof OnTopology on)) {
            return;
        }
        synchronized (COUNTS) {
            COUNTS.computeIfAbsent(new Row(on.topology(), instance.getClass().getSimpleName()), r -> new int[3])[column]++;
            write();
        }
    }

    /** The table as text: one line per topology and test class, then one total per topology. */
    public static String table() {
        synchronized (COUNTS) {
            StringBuilder sb = new StringBuilder(String.format("%-11s %-34s %6s %6s %7s%n",
                    "topology", "test class", "passed", "failed", "skipped"));
            Map<RedisTopology, int[]> totals = new TreeMap<>();
            COUNTS.forEach((row, c) -> {
                sb.append(String.format("%-11s %-34s %6d %6d %7d%n", row.topology(), row.testClass(), c[0], c[1], c[2]));
                int[] t = totals.computeIfAbsent(row.topology(), k -> new int[3]);
                for (int i = 0; i < 3; i++) {
                    t[i] += c[i];
                }
            });
            totals.forEach((topology, t) -> sb.append(String.format("%-11s %-34s %6d %6d %7d%n",
                    topology, "(all)", t[0], t[1], t[2])));
            return sb.toString();
        }
    }

    private static void write() {
        Path file = Path.of(System.getProperty("basedir", "."), "target", "topology-matrix.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table());
        } catch (IOException e) {
            System.err.println("[topology] could not write " + file + ": " + e);
        }
    }
}
