package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key space stays bounded under a flood (issue 11, item 5), against real Jetty and real Redis under its own
 * prefix: 20,000 distinct URLs each make one entry, and the test states what each costs in Redis; 10,000
 * distinct client addresses in {@code Forwarded: for=} and {@code X-Forwarded-For} make no entry beyond the one
 * the URL already has; URLs longer than the rule's max-key-length bypass and make none. Bounded (four client
 * threads, a fixed number of requests) and self-stopping (a deadline per phase, a timeout on the whole).
 * The figures are printed (target/surefire-reports/...KeySpaceFloodIT-output.txt) and quoted in
 * docs/operations.md, "Memory bounds".
 */
class KeySpaceFloodIT {
    private static final int URLS = 20_000;
    private static final int FORWARDING_VALUES = 10_000;
    private static final int LONG_URLS = 1_000;
    private static final int THREADS = 4;
    private static final Duration PHASE_DEADLINE = Duration.ofMinutes(3);

    private final String prefix = TestRedis.newPrefix();
    private final RedissonClient redis = TestRedis.inspector();
    private TestServer server;
    private HttpClient http;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        redis.getKeys().deleteByPattern(prefix + ":*");
    }

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void distinctUrlsCostOneEntryEachAndForwardingValuesAndOverLongUrlsCostNothing() throws Exception {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(prefix).debugHeaders(true)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        server = TestServer.builder().filter(filter).servlet("/*", new ShopPage()).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        StringBuilder report = new StringBuilder("key space flood (redis " + TestRedis.source() + ")\n");

        // 1. Distinct URLs: each one is an entry (and, today, a one-member tag set for its path).
        long before = usedMemory();
        run("distinct URLs", URLS, i -> get("/item?i=" + i, null, null), status -> { });
        long pages = settledCount();
        long afterUrls = usedMemory();
        long tags = count("t");
        // A store call that timed out under this load is a render, not an entry (by design): allow a few.
        assertThat(pages).isBetween((long) (URLS * 0.99), (long) URLS);
        report.append(String.format("%,d distinct URLs: %,d page entries, %,d tag sets; used_memory +%,d bytes ="
                        + " %,d bytes per request; MEMORY USAGE sample: page %,d, tag set %,d bytes%n", URLS, pages,
                tags, afterUrls - before, (afterUrls - before) / pages, sampleSize("p"), sampleSize("t")));
        report.append(tagFigures());

        // 2. Distinct client addresses on one URL: for= and X-Forwarded-For are not keyed, so one entry.
        run("forwarding values", FORWARDING_VALUES, i -> get("/forwarded", "for=10." + (i >> 16) + "."
                + ((i >> 8) & 255) + "." + (i & 255) + ";proto=http", "192.0." + (i >> 8) + "." + (i & 255)),
                status -> { });
        long afterForwarding = usedMemory();
        long forwardingEntries = settledCount() - pages;
        assertThat(forwardingEntries).as("entries made by %d forwarding values", FORWARDING_VALUES).isEqualTo(1);
        report.append(String.format("%,d distinct Forwarded for= / X-Forwarded-For values on one URL: %,d new"
                        + " entries; used_memory %+,d bytes = %,d bytes per request%n", FORWARDING_VALUES,
                forwardingEntries, afterForwarding - afterUrls, (afterForwarding - afterUrls) / FORWARDING_VALUES));

        // 3. URLs over max-key-length (4096 characters): bypassed, never stored.
        AtomicInteger tooLong = new AtomicInteger();
        String padding = "x".repeat(5000);
        run("over-long URLs", LONG_URLS, i -> get("/long?i=" + i + "&pad=" + padding, null, null),
                cacheStatus -> {
                    if (cacheStatus.contains("fwd=bypass") && cacheStatus.contains("detail=key-too-long")) {
                        tooLong.incrementAndGet();
                    }
                });
        long longEntries = settledCount() - pages - forwardingEntries;
        long afterLong = usedMemory();
        assertThat(tooLong.get()).as("over-long URLs answered with detail=key-too-long").isEqualTo(LONG_URLS);
        assertThat(longEntries).as("entries made by %d over-long URLs", LONG_URLS).isZero();
        report.append(String.format("%,d URLs of %,d characters: %,d bypassed with key-too-long, %,d new entries;"
                        + " used_memory %+,d bytes%n", LONG_URLS, ("/long?i=0&pad=" + padding).length(), tooLong.get(),
                longEntries, afterLong - afterForwarding));
        System.out.print(report);
    }

    /** GET with optional forwarding fields; the Cache-Status the filter answered with (debug headers are on). */
    private String get(String pathAndQuery, String forwarded, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (forwarded != null) {
            request.header("Forwarded", forwarded);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.headers().firstValue("cache-status").orElse("");
        } catch (IOException e) {
            throw new IllegalStateException("request " + pathAndQuery.substring(0, Math.min(40,
                    pathAndQuery.length())) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code n} requests from a few threads; stops with a failure when the phase passes its deadline. */
    private static void run(String phase, int n, IntFunction<String> request,
                            java.util.function.Consumer<String> cacheStatus) throws Exception {
        long deadline = System.nanoTime() + PHASE_DEADLINE.toNanos();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError(phase + ": deadline passed after " + i + " of " + n);
                        }
                        cacheStatus.accept(request.apply(i));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The number of page entries once it has stopped changing for a second (writes land after responses). */
    private long settledCount() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        long now = count("p");
        while (now != last && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            last = now;
            now = count("p");
        }
        return now;
    }

    private long count(String kind) {
        long n = 0;
        for (String ignored : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + ":" + kind + ":*")
                .chunkSize(1000))) {
            n++;
        }
        return n;
    }

    /** Average MEMORY USAGE of up to 200 keys of a kind. */
    private long sampleSize(String kind) {
        long sum = 0;
        int n = 0;
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + ":" + kind + ":*")
                .chunkSize(200).limit(200))) {
            sum += redis.getBucket(key, StringCodec.INSTANCE).sizeInMemory();
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /** How many members the tag indexes hold (RedisPageStore's layout, reported as it is). */
    private String tagFigures() {
        long sets = 0;
        long members = 0;
        long largest = 0;
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + ":t:*")
                .chunkSize(1000))) {
            // Whatever the store's tag layout is (a set today), count its members without assuming it.
            RType type = redis.getKeys().getType(key);
            long size = type == RType.SET ? redis.getSet(key, StringCodec.INSTANCE).size()
                    : type == RType.ZSET ? redis.getScoredSortedSet(key, StringCodec.INSTANCE).size()
                    : type == RType.MAP ? redis.getMap(key, StringCodec.INSTANCE).size() : 1;
            sets++;
            members += size;
            largest = Math.max(largest, size);
        }
        return String.format("tag sets: %,d holding %,d members (largest %,d)%n", sets, members, largest);
    }

    private long usedMemory() {
        String used = redis.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.MEMORY)
                .get("used_memory");
        return Long.parseLong(used);
    }

    /** A product page of about 2 KB, different for every URL. */
    private static final class ShopPage extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html;charset=UTF-8");
            StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Item ")
                    .append(req.getParameter("i")).append("</title></head><body><main>");
            for (int i = 0; i < 12; i++) {
                html.append("<article><h2>Planter ").append(req.getParameter("i")).append('-').append(i)
                        .append("</h2><p>Hand-glazed ceramic, shipped in two days.</p><a href=\"/item?i=")
                        .append(i).append("\">more</a></article>");
            }
            res.getWriter().print(html.append("</main></body></html>"));
        }
    }
}
