package io.outputcache.demo.hitbench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hitbench}: starts the stack, then for each round, each client kind (identity, gzip) and each target in
 * turn: warms up, reads the servers' CPU time, drives the load, reads it again. Interleaving puts every target
 * under the same background load; the report takes medians over the rounds.
 */
public final class HitBench {
    /** One measurement; CPU in microseconds per request, split by process, and the JVM's context switches. */
    record Sample(LoadGenerator.Run run, double jvmUs, double redisUs, double proxyUs, double jvmSwitches) {
        double cpuUs() {
            return jvmUs + redisUs + proxyUs;
        }
    }

    /** A target and client kind's samples; {@code skipped} holds the reason when it was not measured. */
    record Cell(Target target, boolean gzip, List<Sample> samples, String skipped) {
        double median(java.util.function.ToDoubleFunction<Sample> f) {
            double[] v = samples.stream().mapToDouble(f).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        double rps() {
            return median(s -> s.run().rps());
        }

        double cpuUs() {
            return median(Sample::cpuUs);
        }
    }

    /** The whole run. */
    record Result(HitOptions options, String loadGenerator, boolean pinned, List<String> notes,
                  Map<Boolean, Map<Target, Cell>> cells) {
        Cell cell(Target t, boolean gzip) {
            return cells.get(gzip).get(t);
        }
    }

    static final String PROXY_HINT = "skipped: apt-get install varnish nginx";

    private HitBench() {
    }

    /** Command-line entry; returns the exit status. */
    public static int run(List<String> args, PrintStream out) throws Exception {
        Optional<HitOptions> options = HitOptions.parse(args);
        if (options.isEmpty()) {
            out.print(HitOptions.HELP);
            return 0;
        }
        execute(options.get(), out);
        return 0;
    }

    static Result execute(HitOptions o, PrintStream out) throws Exception {
        boolean proxies = o.targets().contains(Target.VARNISH) || o.targets().contains(Target.NGINX);
        boolean bare = o.targets().stream().anyMatch(t -> t.optIn);
        try (Stack stack = Stack.start(o.redis(), o.serverJvmOptions(), proxies, bare)) {
            boolean pinned = stack.processes.pinning() && stack.processes.pinSelf(Stack.LOAD_CPUS);
            Optional<Path> wrk = o.forceJavaLoad() ? Optional.empty() : Processes.onPath("wrk");
            LoadGenerator load = wrk.<LoadGenerator>map(w -> new WrkLoad(w, stack.processes, Stack.LOAD_CPUS))
                    .orElseGet(SocketLoad::new);
            List<String> notes = new ArrayList<>(stack.notes);
            notes.add("load generator: " + load.name());
            notes.add(pinned ? "pinned: servers (JVM, Redis, proxies) on CPU " + Stack.SERVER_CPUS
                    + ", load generator on CPU " + Stack.LOAD_CPUS : "not pinned (no taskset or one CPU)");
            notes.forEach(n -> out.println("hitbench: " + n));
            Map<Boolean, Map<Target, Cell>> cells = new LinkedHashMap<>();
            for (boolean gzip : new boolean[]{false, true}) {
                Map<Target, Cell> row = new EnumMap<>(Target.class);
                for (Target t : Target.values()) {
                    row.put(t, new Cell(t, gzip, new ArrayList<>(), skipReason(t, stack, o)));
                }
                cells.put(gzip, row);
            }
            // One unmeasured pass over everything first: the server JVM compiles its hot paths (on one busy core
            // that takes seconds), so that the first round measures the same code as the last.
            for (boolean gzip : new boolean[]{false, true}) {
                for (Cell cell : cells.get(gzip).values()) {
                    if (cell.skipped() == null && !o.warmUp().isZero()) {
                        load.run(port(cell.target(), stack), cell.target().path, gzip, o.connections(),
                                o.warmUp().multipliedBy(3));
                    }
                }
            }
            out.println("hitbench: JIT warm-up pass done");
            for (int round = 1; round <= o.rounds(); round++) {
                for (boolean gzip : new boolean[]{false, true}) {
                    for (Cell cell : cells.get(gzip).values()) {
                        if (cell.skipped() == null) {
                            Sample s = measure(cell.target(), gzip, stack, load, o);
                            cell.samples().add(s);
                            out.printf(Locale.ROOT, "hitbench: round %d %-8s %-20s %9.0f req/s  p50 %6.2f ms  "
                                            + "p99 %7.2f ms  cpu %6.1f us/req  jvm ctx sw %5.2f/req%s%n", round,
                                    gzip ? "gzip" : "identity", cell.target().key(), s.run().rps(), s.run().p50Ms(),
                                    s.run().p99Ms(), s.cpuUs(), s.jvmSwitches(), s.run().errors() > 0
                                            ? "  errors " + s.run().errors() : "");
                        }
                    }
                }
            }
            Result result = new Result(o, load.name(), pinned, notes, cells);
            out.print(HitReport.table(result));
            HitReport.write(result, o.out());
            out.println("hitbench: wrote " + o.out().resolve(HitReport.JSON).toAbsolutePath().normalize() + " and "
                    + HitReport.HTML);
            return result;
        }
    }

    private static String skipReason(Target t, Stack stack, HitOptions o) {
        if (!o.targets().contains(t)) {
            return "skipped: not in --targets";
        }
        String binary = t == Target.VARNISH ? "varnishd" : t == Target.NGINX ? "nginx" : null;
        if (binary != null && stack.failed.containsKey(binary)) {
            return "skipped: " + stack.failed.get(binary);
        }
        if (t == Target.VARNISH && stack.varnishPort.isEmpty() || t == Target.NGINX && stack.nginxPort.isEmpty()) {
            return PROXY_HINT;
        }
        return null;
    }

    private static int port(Target t, Stack stack) {
        return switch (t) {
            case VARNISH -> stack.varnishPort.orElseThrow();
            case NGINX -> stack.nginxPort.orElseThrow();
            default -> stack.appPort;
        };
    }

    private static Sample measure(Target t, boolean gzip, Stack stack, LoadGenerator load, HitOptions o)
            throws Exception {
        int port = port(t, stack);
        long proxyPid = t == Target.VARNISH ? stack.varnishPid : t == Target.NGINX ? stack.nginxPid : 0;
        // At least one request before the warm-up, so that a cached target has stored its page.
        new SocketLoad().run(port, t.path, gzip, 1, Duration.ofMillis(200));
        if (!o.warmUp().isZero()) {
            load.run(port, t.path, gzip, o.connections(), o.warmUp());
        }
        long jvm0 = CpuMeter.nanos(stack.appPid);
        long redis0 = CpuMeter.nanos(stack.redisPid);
        long proxy0 = CpuMeter.nanos(proxyPid);
        long switches0 = CpuMeter.contextSwitches(stack.appPid);
        LoadGenerator.Run run = load.run(port, t.path, gzip, o.connections(), o.duration());
        double n = Math.max(1, run.requests());
        return new Sample(run, (CpuMeter.nanos(stack.appPid) - jvm0) / 1000.0 / n,
                (CpuMeter.nanos(stack.redisPid) - redis0) / 1000.0 / n,
                (CpuMeter.nanos(proxyPid) - proxy0) / 1000.0 / n,
                (CpuMeter.contextSwitches(stack.appPid) - switches0) / n);
    }
}
