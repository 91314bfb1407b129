package io.outputcache.demo;

import io.outputcache.OutputCacheConfig.RedisMode;
import io.outputcache.demo.shop.JdbcUrl;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's command line. Every value is checked here, and a bad one throws {@link UsageException} naming the flag
 * and what it accepts; so are the combinations (a sentinel master without sentinel mode, two URLs standalone).
 *
 * @param redis          Redis URLs as given ({@code --redis}), or empty for the embedded one ({@code --redis embedded})
 * @param redisMode      how the {@code --redis} servers are deployed
 * @param sentinelMaster the master's name for {@code --redis-mode sentinel}
 * @param nearCache      whether the filter keeps a near cache in front of Redis ({@code --near-cache})
 * @param db             the product database's JDBC URL, or empty for an embedded in-memory one
 * @param keyPrefix      prefix of every Redis key the demo writes (not a flag: tests and the benchmark set it)
 */
public record DemoOptions(String host, int port, List<String> redis, RedisMode redisMode,
                          Optional<String> sentinelMaster, boolean memoryPageStore, boolean cacheOn, boolean nearCache,
                          Optional<String> db, long dbLatencyMs, boolean webXml, Optional<String> adminToken,
                          String keyPrefix, boolean help) {

    public static final String HELP = """
            Usage: java -jar demo-site.jar [options]
                   java -jar demo-site.jar bench [bench options]
                   java -jar demo-site.jar hitbench [options]   (a cache hit against the limit and the proxies;
                                                                 hitbench --help, docs/benchmarks.md)

            Runs a small Thymeleaf shop on embedded Jetty with the output cache in front of it. Several of them
            on one Redis and one database (--redis, --db) are several nodes of one shop.

            Options:
              --port N              HTTP port (default 8080; 0 picks a free one)
              --host ADDRESS        address to listen on (default 127.0.0.1)
              --redis URL[,URL...]|embedded
                                    Redis to use, e.g. redis://127.0.0.1:6379 or rediss://user:pass@host:6380;
                                    several URLs for a cluster's seed nodes or the sentinels; 'embedded' (the
                                    default) starts the bundled Redis on a free port, and falls back to
                                    in-process stores if it cannot start
              --redis-mode standalone|cluster|sentinel
                                    how the --redis servers are deployed (default standalone)
              --sentinel-master NAME
                                    the master's name, with --redis-mode sentinel (required there)
              --store redis|memory  where cached pages are kept (default redis; data and carts stay in Redis)
              --cache on|off        output caching at start (default on; the admin page switches it at run time)
              --near-cache on|off   a near cache of pages in this process in front of Redis, told of every
                                    invalidation on every node (default on; off sends every hit to Redis)
              --db JDBC_URL         the product database, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres
                                    (default: an embedded in-memory H2 database of this process); created and
                                    filled with the 1,000 products when its table is missing or empty
              --db-latency-ms N     latency added to every database query (default 20)
              --webxml              deploy the site from its WEB-INF/web.xml (filter configured by init-params)
                                    instead of registering servlets and the filter in code
              --admin-token T       token for admin actions (default: a random one, printed at start)
              --help                this text

            Bench options (java -jar demo-site.jar bench ...):
              --duration D          measured time per mode, e.g. 20s, 500ms, 1m (default 20s)
              --concurrency N       concurrent clients (default 32)
              --pages N             distinct URLs in the request mix (default 1000)
              --zipf S              Zipf exponent of URL popularity (default 1.0; 0 = uniform)
              --out DIR             where the reports go (default: the working directory)
              --redis, --redis-mode, --sentinel-master, --store, --near-cache, --db, --db-latency-ms as above
            The bench runs caching off, then on, prints a table and writes bench-report.json and
            bench-report.html.
            """;

    public DemoOptions {
        redis = List.copyOf(redis);
    }

    /** The options without flags: the near cache on (it is dropped where pages stay in this process anyway). */
    public static DemoOptions defaults() {
        return new DemoOptions("127.0.0.1", 8080, List.of(), RedisMode.STANDALONE, Optional.empty(), false, true,
                true, Optional.empty(), 20, false, Optional.empty(), "demo", false);
    }

    /** Parses the site's flags ({@code --name value} or {@code --name=value}), then checks how they combine. */
    public static DemoOptions parse(List<String> args) {
        DemoOptions o = defaults();
        Set<String> given = new HashSet<>();
        Args a = new Args(args);
        while (a.hasNext()) {
            String flag = a.nextFlag();
            given.add(flag);
            o = switch (flag) {
                case "--help", "-h" -> o.with(b -> b.help = true);
                case "--webxml" -> o.with(b -> b.webXml = true);
                case "--port" -> {
                    int port = a.intValue(flag, 0, 65535);
                    yield o.with(b -> b.port = port);
                }
                case "--host" -> {
                    String host = a.value(flag);
                    yield o.with(b -> b.host = host);
                }
                case "--redis" -> {
                    String v = a.value(flag);
                    List<String> urls = v.equals("embedded") ? List.of() : RedisTarget.parseUrls(v);
                    yield o.with(b -> b.redis = urls);
                }
                case "--redis-mode" -> {
                    RedisMode mode = RedisTarget.parseMode(a.value(flag));
                    yield o.with(b -> b.redisMode = mode);
                }
                case "--sentinel-master" -> {
                    String name = a.value(flag);
                    if (name.isBlank() || name.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                        throw new UsageException("--sentinel-master must be a name without spaces but was '" + name
                                + "'");
                    }
                    yield o.with(b -> b.sentinelMaster = Optional.of(name));
                }
                case "--store" -> {
                    boolean memory = parseStore(a.value(flag));
                    yield o.with(b -> b.memoryPageStore = memory);
                }
                case "--cache" -> {
                    boolean on = onOff(flag, a.value(flag));
                    yield o.with(b -> b.cacheOn = on);
                }
                case "--near-cache" -> {
                    boolean on = onOff(flag, a.value(flag));
                    yield o.with(b -> b.nearCache = on);
                }
                case "--db" -> {
                    String url = parseDb(a.value(flag));
                    yield o.with(b -> b.db = Optional.of(url));
                }
                case "--db-latency-ms" -> {
                    int ms = a.intValue(flag, 0, 10_000);
                    yield o.with(b -> b.dbLatencyMs = ms);
                }
                case "--admin-token" -> {
                    String t = a.value(flag);
                    if (t.length() < 8 || t.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                        throw new UsageException("--admin-token must be at least 8 printable characters without spaces");
                    }
                    yield o.with(b -> b.adminToken = Optional.of(t));
                }
                default -> throw new UsageException("unknown option '" + flag + "'");
            };
        }
        o.redisTarget();
        if (!given.contains("--near-cache")) {
            // On wherever pages go to Redis: the demo shows the library as it is meant to run on several nodes.
            o = o.with(b -> b.nearCache = !b.memoryPageStore);
        } else if (o.nearCache && o.memoryPageStore) {
            throw new UsageException("--near-cache on keeps pages in front of Redis; it does not combine with"
                    + " --store memory, which keeps them in this process already");
        }
        return o;
    }

    /**
     * The Redis to connect to, checked as a whole; empty when the embedded one is wanted.
     *
     * @throws UsageException when the flags do not fit together
     */
    public Optional<RedisTarget> redisTarget() {
        if (redis.isEmpty()) {
            if (redisMode != RedisMode.STANDALONE) {
                throw new UsageException("--redis-mode " + redisMode.name().toLowerCase(Locale.ROOT)
                        + " needs --redis with the servers' URLs (the embedded Redis is standalone)");
            }
            if (sentinelMaster.isPresent()) {
                throw new UsageException("--sentinel-master applies to --redis-mode sentinel only");
            }
            return Optional.empty();
        }
        return Optional.of(new RedisTarget(redis, redisMode, sentinelMaster));
    }

    static boolean onOff(String flag, String v) {
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException(flag + " must be on or off but was '" + v + "'");
        };
    }

    static String parseDb(String v) {
        try {
            return JdbcUrl.check(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--db " + e.getMessage());
        }
    }

    static boolean parseStore(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "redis" -> false;
            case "memory" -> true;
            default -> throw new UsageException("--store must be redis or memory but was '" + v + "'");
        };
    }

    /** A copy with some fields changed. */
    public DemoOptions with(Consumer<Mutable> change) {
        Mutable m = new Mutable(this);
        change.accept(m);
        return m.build();
    }

    /** Mutable twin used by {@link #with}. */
    public static final class Mutable {
        public String host;
        public int port;
        public List<String> redis;
        public RedisMode redisMode;
        public Optional<String> sentinelMaster;
        public boolean memoryPageStore;
        public boolean cacheOn;
        public boolean nearCache;
        public Optional<String> db;
        public long dbLatencyMs;
        public boolean webXml;
        public Optional<String> adminToken;
        public String keyPrefix;
        public boolean help;

        Mutable(DemoOptions o) {
            host = o.host;
            port = o.port;
            redis = o.redis;
            redisMode = o.redisMode;
            sentinelMaster = o.sentinelMaster;
            memoryPageStore = o.memoryPageStore;
            cacheOn = o.cacheOn;
            nearCache = o.nearCache;
            db = o.db;
            dbLatencyMs = o.dbLatencyMs;
            webXml = o.webXml;
            adminToken = o.adminToken;
            keyPrefix = o.keyPrefix;
            help = o.help;
        }

        DemoOptions build() {
            return new DemoOptions(host, port, redis, redisMode, sentinelMaster, memoryPageStore, cacheOn, nearCache,
                    db, dbLatencyMs, webXml, adminToken, keyPrefix, help);
        }
    }

    /** Walks the argument list: flags with values either as the next word or after '='. */
    public static final class Args {
        private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s|m)");

        private final List<String> args;
        private int i;
        private String inlineValue;

        public Args(List<String> args) {
            this.args = args;
        }

        public boolean hasNext() {
            return i < args.size();
        }

        public String nextFlag() {
            String word = args.get(i++);
            if (!word.startsWith("-")) {
                throw new UsageException("unexpected argument '" + word + "'");
            }
            int eq = word.indexOf('=');
            if (eq > 0) {
                inlineValue = word.substring(eq + 1);
                return word.substring(0, eq);
            }
            inlineValue = null;
            return word;
        }

        public String value(String flag) {
            if (inlineValue != null) {
                String v = inlineValue;
                inlineValue = null;
                return v;
            }
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw new UsageException(flag + " needs a value");
            }
            return args.get(i++);
        }

        public int intValue(String flag, int min, int max) {
            String v = value(flag);
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new UsageException(flag + " must be between " + min + " and " + max + " but was " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(flag + " must be a whole number but was '" + v + "'");
            }
        }

        public double doubleValue(String flag, double min, double max) {
            String v = value(flag);
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw new UsageException(flag + " must be between " + min + " and " + max + " but was " + v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw new UsageException(flag + " must be a number but was '" + v + "'");
            }
        }

        public Duration durationValue(String flag, Duration min, Duration max) {
            String v = value(flag);
            Matcher m = DURATION.matcher(v);
            if (!m.matches()) {
                throw new UsageException(flag + " must be a duration like 500ms, 20s or 2m but was '" + v + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new UsageException(flag + " must be between " + min.toMillis() + "ms and " + max.toSeconds()
                        + "s but was " + v);
            }
            return d;
        }
    }
}
