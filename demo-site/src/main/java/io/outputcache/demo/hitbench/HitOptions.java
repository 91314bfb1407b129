package io.outputcache.demo.hitbench;

import io.outputcache.demo.DemoOptions;
import io.outputcache.demo.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The settings of one {@code hitbench} run, from its command line. */
record HitOptions(Duration duration, Duration warmUp, int rounds, int connections, Optional<String> redis,
                  Path out, Set<Target> targets, boolean forceJavaLoad, List<String> serverJvmOptions) {

    static final String HELP = """
            Usage: java -jar demo-site.jar hitbench [options]
              Measures a cache hit of one 20 KB page against the limit, Varnish and nginx, in one interleaved,
              repeated run on loopback; starts and stops every server itself (see docs/benchmarks.md).
              --duration D       measured time per target and round (default 5s)
              --warm-up D        unmeasured time before each measurement (default 1s)
              --rounds N         interleaved rounds; the report gives medians (default 3)
              --connections N    keep-alive connections of the load generator (default 64)
              --redis URL        use this Redis (default: start redis-server from the PATH on a free port)
              --out DIR          where hitbench-report.json and .html go (default: the working directory)
              --targets LIST     comma-separated subset of: limit,redis,near,render,varnish,nginx (default all
                                 of these) and the opt-in redisson,redisson-async,redisson-async-start (a bare
                                 Redisson GET per request: the floor of a Redis hit), redis-async (the filter
                                 with async-store-reads) and jedis (a bare Jedis GET on the request thread)
              --java-load        use the built-in load generator even when wrk is installed
              --server-jvm-opt X one more option for the server JVM (repeatable), e.g. -XX:StartFlightRecording=...
            """;

    static Optional<HitOptions> parse(List<String> args) {
        Duration duration = Duration.ofSeconds(5);
        Duration warmUp = Duration.ofSeconds(1);
        int rounds = 3;
        int connections = 64;
        Optional<String> redis = Optional.empty();
        Path out = Path.of(".");
        Set<Target> targets = Target.defaults();
        boolean javaLoad = false;
        List<String> jvm = new ArrayList<>();
        DemoOptions.Args a = new DemoOptions.Args(args);
        while (a.hasNext()) {
            String flag = a.nextFlag();
            switch (flag) {
                case "--help", "-h" -> {
                    return Optional.empty();
                }
                case "--duration" -> duration = a.durationValue(flag, Duration.ofMillis(200), Duration.ofMinutes(10));
                case "--warm-up" -> warmUp = a.durationValue(flag, Duration.ZERO, Duration.ofMinutes(5));
                case "--rounds" -> rounds = a.intValue(flag, 1, 50);
                case "--connections" -> connections = a.intValue(flag, 1, 1024);
                case "--redis" -> redis = Optional.of(a.value(flag));
                case "--out" -> out = Path.of(a.value(flag));
                case "--targets" -> targets = targets(a.value(flag));
                case "--java-load" -> javaLoad = true;
                case "--server-jvm-opt" -> jvm.add(a.value(flag));
                default -> throw new UsageException("unknown hitbench option '" + flag + "'");
            }
        }
        if (!Files.isDirectory(out)) {
            throw new UsageException("--out must be an existing directory but was '" + out + "'");
        }
        return Optional.of(new HitOptions(duration, warmUp, rounds, connections, redis, out, targets, javaLoad,
                List.copyOf(jvm)));
    }

    private static Set<Target> targets(String list) {
        Set<Target> set = EnumSet.noneOf(Target.class);
        for (String name : list.split(",")) {
            set.add(Target.byKey(name).orElseThrow(() -> new UsageException("--targets accepts limit, redis, "
                    + "near, render, varnish, nginx, redisson, redisson-async, redisson-async-start, redis-async, "
                    + "jedis but got '"
                    + name.trim() + "'")));
        }
        if (!set.contains(Target.LIMIT)) {
            throw new UsageException("--targets must include limit: every ratio is taken to it");
        }
        return set;
    }
}
