package io.outputcache.demo.bench;

import io.outputcache.demo.DemoOptions;
import io.outputcache.demo.DemoServer;
import io.outputcache.demo.UsageException;
import io.outputcache.demo.web.StatsServlet;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The load comparison: one shop in this process on a free loopback port, the same Zipf request mix driven with
 * caching off and then on, latencies in HdrHistogram, and the server's own counters (renders, database queries,
 * CPU time of request threads) read before and after each measured run. Each mode: a crawl (every URL of the mix
 * once, as a site's pre-warm or a crawler would), a timed warm-up, then the measured run of {@code --duration}.
 */
public final class Bench {

    /** Bench settings; {@code out} is where the reports go (the working directory unless {@code --out}). */
    public record Options(Duration duration, int concurrency, int pages, double zipf, DemoOptions site, Path out) {
    }

    /** One measured run. */
    public record Result(String mode, long requests, long errors, double seconds, double rps, double p50Ms,
                         double p90Ms, double p99Ms, long renders, long fragmentRenders, long dbQueries, long pageHits,
                         double cpuMicrosPerRequest, double crawlSeconds) {
        /** Page renders per 1,000 requests of the measured run. */
        public double rendersPer1000() {
            return requests == 0 ? 0 : 1000.0 * renders / requests;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", requests);
            m.put("errors", errors);
            m.put("seconds", round(seconds));
            m.put("rps", round(rps));
            m.put("p50Ms", round(p50Ms));
            m.put("p90Ms", round(p90Ms));
            m.put("p99Ms", round(p99Ms));
            m.put("renders", renders);
            m.put("rendersPer1000", round(rendersPer1000()));
            m.put("fragmentRenders", fragmentRenders);
            m.put("dbQueries", dbQueries);
            m.put("pageHits", pageHits);
            m.put("cpuMicrosPerRequest", round(cpuMicrosPerRequest));
            m.put("crawlSeconds", round(crawlSeconds));
            return m;
        }
    }

    /** Both runs. */
    public record Report(Options options, Result off, Result on) {
    }

    private Bench() {
    }

    /** Command-line entry: parses, runs, prints the table; returns the exit status. */
    public static int run(List<String> args, PrintStream out) throws Exception {
        Options options = parse(args);
        if (options == null) {
            out.print(DemoOptions.HELP);
            return 0;
        }
        execute(options, out);
        return 0;
    }

    static Options parse(List<String> args) {
        Duration duration = Duration.ofSeconds(20);
        int concurrency = 32;
        int pages = 1000;
        double zipf = 1.0;
        Path out = Path.of(".");
        List<String> siteArgs = new ArrayList<>();
        DemoOptions.Args a = new DemoOptions.Args(args);
        while (a.hasNext()) {
            String flag = a.nextFlag();
            switch (flag) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--duration" -> duration = a.durationValue(flag, Duration.ofMillis(200), Duration.ofMinutes(10));
                case "--concurrency" -> concurrency = a.intValue(flag, 1, 256);
                case "--pages" -> pages = a.intValue(flag, 1, 100_000);
                case "--zipf" -> zipf = a.doubleValue(flag, 0, 5);
                case "--out" -> out = Path.of(a.value(flag));
                case "--redis", "--redis-mode", "--sentinel-master", "--store", "--near-cache", "--db",
                     "--db-latency-ms" -> {
                    siteArgs.add(flag);
                    siteArgs.add(a.value(flag));
                }
                default -> throw new UsageException("unknown bench option '" + flag + "'");
            }
        }
        if (!Files.isDirectory(out)) {
            throw new UsageException("--out must be an existing directory but was '" + out + "'");
        }
        DemoOptions site = DemoOptions.parse(siteArgs).with(b -> {
            b.port = 0;
            b.host = "127.0.0.1";
            b.cacheOn = true;
            b.keyPrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        });
        return new Options(duration, concurrency, pages, zipf, site, out);
    }

    /** Runs both modes against a fresh in-process shop, prints the table and writes the two report files. */
    public static Report execute(Options o, PrintStream out) throws Exception {
        Duration warmUp = clamp(o.duration().dividedBy(4), Duration.ofMillis(200), Duration.ofSeconds(5));
        try (DemoServer server = DemoServer.start(o.site())) {
            server.notes().forEach(n -> out.println("bench: " + n));
            RequestMix mix = RequestMix.of(o.pages(), DemoServer.PRODUCTS, o.zipf());
            out.printf(Locale.ROOT, "bench: %s, %d URLs, zipf %.2f, %d clients, %s per mode (after a crawl of every URL"
                            + " and a %s warm-up), db latency %d ms%n", server.services().storeDescription(),
                    mix.paths().size(), o.zipf(), o.concurrency(), format(o.duration()), format(warmUp),
                    o.site().dbLatencyMs());
            MixLoad load = new MixLoad(server.port(), mix);
            Result off = phase("off", false, server, load, o, warmUp, out);
            server.outputCache().ifPresent(c -> c.clear());
            Result on = phase("on", true, server, load, o, warmUp, out);
            Report report = new Report(o, off, on);
            out.print(table(report));
            Files.writeString(o.out().resolve("bench-report.json"), json(report), StandardCharsets.UTF_8);
            Files.writeString(o.out().resolve("bench-report.html"), html(report), StandardCharsets.UTF_8);
            out.println("bench: wrote " + o.out().resolve("bench-report.json").normalize() + " and "
                    + o.out().resolve("bench-report.html").normalize());
            return report;
        }
    }

    private static Result phase(String mode, boolean cacheOn, DemoServer server, MixLoad clients, Options o,
                                Duration warmUp, PrintStream out) throws InterruptedException {
        server.services().cacheSwitch().set(cacheOn);
        Map<String, Object> crawlStart = server.stats();
        MixLoad.Load crawl = clients.crawl(o.concurrency());
        out.printf(Locale.ROOT, "bench: caching %s: crawled %d URLs in %.1f s (%d page renders, %d errors)%n", mode,
                crawl.requests(), crawl.seconds(), delta(crawlStart, server.stats(), "pageRenders"), crawl.errors());
        clients.run(o.concurrency(), warmUp, 1000);
        Map<String, Object> before = server.stats();
        long cpuBefore = server.services().meter().cpuNanos();
        long reqBefore = server.services().meter().requests();
        MixLoad.Load load = clients.run(o.concurrency(), o.duration(), 2000);
        Map<String, Object> after = server.stats();
        long served = server.services().meter().requests() - reqBefore;
        double cpuPerRequest = served == 0 ? 0 : (server.services().meter().cpuNanos() - cpuBefore) / 1000.0 / served;
        Histogram h = load.histogram();
        return new Result(mode, load.requests(), load.errors(), load.seconds(), load.requests() / load.seconds(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, delta(before, after, "pageRenders"),
                delta(before, after, "fragmentRenders"), delta(before, after, "dbQueries"),
                delta(before, after, "pageHits"), cpuPerRequest, crawl.seconds());
    }

    static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n%-5s %9s %9s %8s %8s %8s %8s %10s %9s %9s %10s %10s%n", "cache",
                "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "renders", "renders/1k", "frag rndr", "db qrys",
                "page hits", "cpu us/req"));
        for (Result x : List.of(r.off(), r.on())) {
            sb.append(String.format(Locale.ROOT, "%-5s %9d %9.1f %8.2f %8.2f %8.2f %8d %10.1f %9d %9d %10d %10.1f%n",
                    x.mode(), x.requests(), x.rps(), x.p50Ms(), x.p90Ms(), x.p99Ms(), x.renders(), x.rendersPer1000(),
                    x.fragmentRenders(), x.dbQueries(), x.pageHits(), x.cpuMicrosPerRequest()));
        }
        if (r.off().rps() > 0) {
            sb.append(String.format(Locale.ROOT, "caching on: %.1fx the requests per second, p99 %.2f ms -> %.2f ms, "
                            + "renders per 1,000 requests %.1f -> %.1f%n", r.on().rps() / r.off().rps(), r.off().p99Ms(),
                    r.on().p99Ms(), r.off().rendersPer1000(), r.on().rendersPer1000()));
        }
        if (r.off().errors() + r.on().errors() > 0) {
            sb.append("errors (non-200 or failed requests): off ").append(r.off().errors()).append(", on ")
                    .append(r.on().errors()).append('\n');
        }
        return sb.toString();
    }

    static String json(Report r) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("durationMs", r.options().duration().toMillis());
        settings.put("concurrency", r.options().concurrency());
        settings.put("pages", r.options().pages());
        settings.put("zipf", r.options().zipf());
        settings.put("dbLatencyMs", r.options().site().dbLatencyMs());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("off", r.off().toMap());
        all.put("on", r.on().toMap());
        all.put("settings", settings);
        return StatsServlet.json(all) + "\n";
    }

    static String html(Report r) {
        StringBuilder rows = new StringBuilder();
        for (Result x : List.of(r.off(), r.on())) {
            rows.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%d</td><td>%.1f</td><td>%.2f</td><td>%.2f</td>"
                            + "<td>%.2f</td><td>%d</td><td>%.1f</td><td>%d</td><td>%d</td><td>%.1f</td></tr>%n", x.mode(),
                    x.requests(), x.rps(), x.p50Ms(), x.p90Ms(), x.p99Ms(), x.renders(), x.rendersPer1000(),
                    x.fragmentRenders(), x.dbQueries(), x.cpuMicrosPerRequest()));
        }
        String charts = bars("Requests per second (higher is better)", r.off().rps(), r.on().rps(), "%.0f")
                + bars("p99 latency, ms (lower is better)", r.off().p99Ms(), r.on().p99Ms(), "%.2f")
                + bars("Page renders per 1,000 requests (lower is better)", r.off().rendersPer1000(),
                r.on().rendersPer1000(), "%.1f")
                + bars("Database queries per request (lower is better)", perRequest(r.off().dbQueries(), r.off().requests()),
                perRequest(r.on().dbQueries(), r.on().requests()), "%.3f");
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Output cache: load comparison</title>
                <style>
                body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:860px;color:#1f2933;padding:0 1rem}
                table{border-collapse:collapse;width:100%%;margin:1rem 0}td,th{padding:.35rem .6rem;border-bottom:1px solid #e4e7eb;text-align:right}
                th:first-child{text-align:left}.charts{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
                figure{margin:0;padding:.8rem;border:1px solid #e4e7eb;border-radius:8px}figcaption{font-weight:600;margin-bottom:.4rem}
                .off{fill:#d9822b}.on{fill:#2b8a3e}small{color:#616e7c}
                </style></head><body>
                <h1>Load comparison: caching off vs on</h1>
                <p><small>%d clients, %s per mode after a crawl of every URL and a warm-up, %d URLs with Zipf
                exponent %.2f, simulated DB latency %d ms. Renders are page renders during the measured run (cache
                misses and expiries included); fragment renders are counted apart. CPU is the request threads' CPU
                time per request on the server.</small></p>
                <table><tr><th>cache</th><th>requests</th><th>req/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>
                <th>renders</th><th>renders per 1,000</th><th>fragment renders</th><th>db queries</th>
                <th>cpu &micro;s/req</th></tr>
                %s</table>
                <div class="charts">%s</div>
                </body></html>
                """.formatted(r.options().concurrency(), format(r.options().duration()), r.options().pages(),
                r.options().zipf(), r.options().site().dbLatencyMs(), rows, charts);
    }

    private static String bars(String title, double off, double on, String fmt) {
        double max = Math.max(Math.max(off, on), 1e-9);
        int wOff = (int) Math.round(300 * off / max);
        int wOn = (int) Math.round(300 * on / max);
        return """
                <figure><figcaption>%s</figcaption><svg viewBox="0 0 400 70" width="100%%" role="img">
                <text x="0" y="22">off</text><rect class="off" x="30" y="8" height="20" width="%d"/><text x="%d" y="22">%s</text>
                <text x="0" y="56">on</text><rect class="on" x="30" y="42" height="20" width="%d"/><text x="%d" y="56">%s</text>
                </svg></figure>
                """.formatted(title, wOff, 36 + wOff, String.format(Locale.ROOT, fmt, off), wOn, 36 + wOn,
                String.format(Locale.ROOT, fmt, on));
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String key) {
        return ((Number) after.get(key)).longValue() - ((Number) before.get(key)).longValue();
    }

    private static double perRequest(long n, long requests) {
        return requests == 0 ? 0 : (double) n / requests;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
