package io.outputcache.bench;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a hit costs with and without the near cache, in one run (not a test): two in-process servers on one Redis
 * process of its own, the same 20 KB page as {@link HitCostServer}, one filter with {@code near-cache-max-size} and
 * one without. Rounds alternate between them; each round sends the same number of requests from a few client
 * threads and reports requests/s, latency, the JVM's CPU per request (server and client together, the client's
 * share being the same for both) and the Redis server's CPU per request (from {@code INFO cpu}).
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.outputcache.bench.NearHitCost [requests] [threads] [rounds]
 * </pre>
 */
public final class NearHitCost {
    private NearHitCost() {
    }

    private record Round(String name, double perSecond, double p50Micros, double p99Micros, double jvmCpuMicros,
                         double redisCpuMicros) {
        @Override
        public String toString() {
            return String.format("%-9s %9.0f req/s  p50 %7.1f µs  p99 %8.1f µs  jvm cpu %6.1f µs/req  redis cpu %5.1f µs/req",
                    name, perSecond, p50Micros, p99Micros, jvmCpuMicros, redisCpuMicros);
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int measuredRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        byte[] page = ("<html><body>" + "<p>twenty kilobytes of product listing</p>".repeat(500) + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        HttpServlet servlet = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/html;charset=UTF-8");
                res.setContentLength(page.length);
                res.getOutputStream().write(page);
            }
        };
        try (RedisProcess redis = RedisProcess.start()) {
            TestServer plain = server(servlet, redis, false);
            TestServer near = server(servlet, redis, true);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r <= measuredRounds; r++) {
                for (TestServer s : List.of(plain, near)) {
                    Round round = round(s == near ? "near" : "redis", s.uri("/cached/a"), client, pool, redis,
                            r == 0 ? requests / 4 : requests, threads);
                    if (r > 0) { // round 0 is warm-up (a quarter of the requests)
                        rounds.add(round);
                        System.out.println(round);
                    }
                }
            }
            pool.shutdown();
            plain.close();
            near.close();
        }
        System.exit(0);
    }

    private static TestServer server(HttpServlet servlet, RedisProcess redis, boolean near) {
        OutputCacheConfig.Builder config = OutputCacheConfig.builder().redisUrl(redis.url())
                .keyPrefix(TestRedis.newPrefix())
                .rule(CacheRule.builder("bench").include("/cached/**").ttl(Duration.ofHours(1)).build());
        if (near) {
            config.nearCacheMaxSize(16L * 1024 * 1024);
        }
        return TestServer.builder().servlet("/*", servlet).filter(new OutputCacheFilter(config.build())).start();
    }

    private static Round round(String name, URI uri, HttpClient client, ExecutorService pool, RedisProcess redis,
                               int requests, int threads) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build();
        long[] latencies = new long[requests];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double redisBefore = redisCpuSeconds(redis);
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        int each = requests / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * each;
            done.add(pool.submit(() -> {
                for (int i = from; i < from + each; i++) {
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies[i] = System.nanoTime() - sent;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        double redisCpu = redisCpuSeconds(redis) - redisBefore;
        int n = each * threads;
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Round(name, n / (elapsed / 1e9), sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3,
                cpu / 1e3 / n, redisCpu * 1e6 / n);
    }

    private static double redisCpuSeconds(RedisProcess redis) {
        double total = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return total;
    }
}
