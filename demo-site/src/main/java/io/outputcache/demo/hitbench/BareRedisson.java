package io.outputcache.demo.hitbench;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.store.RedisPageStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.netty.channel.EventLoopGroup;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Targets 7-9, the floor of any Redisson-based Redis hit: servlets that do one bare Redisson {@code GET} of a value as large
 * as the output cache's stored entry and then write the limit's bytes. The client is the library's own
 * ({@link RedisPageStore#connect}: same event loops, transport, pool and codec), so that what separates these
 * targets from the limit is Redisson's round trip and its thread hand-offs, and what separates the Redis hit
 * from them is the filter.
 */
final class BareRedisson {
    /** How the response is written once the GET has answered; each has its own path. */
    enum Mode {
        /** The request thread waits for the GET (Redisson's sync API), as the filter does. */
        SYNC("/bare/sync"),
        /** {@code startAsync()}; the GET's completion writes the response on the thread that completes it. */
        ASYNC_COMPLETING_THREAD("/bare/async"),
        /** {@code startAsync()}; the GET's completion hands the write to the container ({@code AsyncContext.start}). */
        ASYNC_CONTAINER_THREAD("/bare/async-start");

        final String path;

        Mode(String path) {
            this.path = path;
        }
    }

    private final RedissonClient client;
    private final String key;
    private final RBucket<byte[]> bucket;
    /** 0 until {@link #seed}: the servlets answer 503 until then. */
    private volatile int valueBytes;

    private BareRedisson(RedissonClient client, String key) {
        this.client = client;
        this.key = key;
        this.bucket = client.getBucket(key, ByteArrayCodec.INSTANCE);
    }

    /** A client made by the library's own code from the same settings the Redis target's filter has. */
    static BareRedisson connect(String redisUrl, String prefix) {
        // The rule is never used: a config needs one, and only its Redis settings matter here.
        RedissonClient client = RedisPageStore.connect(OutputCacheConfig.builder()
                .rule(CacheRule.builder("bare").include("/bare/*").ttl(Duration.ofMinutes(30)).build())
                .redisUrl(redisUrl)
                .keyPrefix(prefix).storeTimeout(Duration.ofMillis(500)).build()).redisson();
        return new BareRedisson(client, prefix + ":bare");
    }

    /**
     * Stores the value every GET reads: a copy of the entry the output cache stored for {@code entryPath}
     * (requested once here) under {@code entryPrefix}, or, if none shows up, {@code fallback}.
     */
    void seed(int port, String entryPath, String entryPrefix, byte[] fallback) throws IOException,
            InterruptedException {
        byte[] value = storedEntry(client, port, entryPath, entryPrefix).orElse(fallback);
        bucket.set(value, Duration.ofHours(1));
        valueBytes = value.length;
    }

    /** Requests the page once (a gzip client, as most are) and reads back the largest entry stored under the prefix. */
    private static Optional<byte[]> storedEntry(RedissonClient client, int port, String path, String entryPrefix)
            throws IOException, InterruptedException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        c.setRequestProperty("Accept-Encoding", "gzip");
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            byte[] largest = null;
            for (String key : client.getKeys().getKeys(KeysScanOptions.defaults().pattern(entryPrefix + ":p:*"))) {
                byte[] v = client.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get();
                if (v != null && (largest == null || v.length > largest.length)) {
                    largest = v;
                }
            }
            if (largest != null) {
                return Optional.of(largest);
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** The key every bare GET reads (also target 11's). */
    String key() {
        return key;
    }

    int valueBytes() {
        return valueBytes;
    }

    /**
     * The Netty event loop group the library's client really runs on (e.g. {@code EpollEventLoopGroup}), and
     * how many loops: the settings say what was asked for, this says what loaded.
     */
    String transport() {
        EventLoopGroup group = ((Redisson) client).getServiceManager().getGroup();
        int loops = 0;
        for (var ignored : group) {
            loops++;
        }
        return group.getClass().getSimpleName() + " x" + loops;
    }

    void close() {
        client.shutdown();
    }

    HttpServlet servlet(Mode mode, byte[] identity, byte[] gzip) {
        return new GetServlet(this, mode, identity, gzip);
    }

    /** One GET per request; a missing or wrong-sized value is a 500, so that the load generator counts it. */
    private static final class GetServlet extends HttpServlet {
        private final transient BareRedisson bare;
        private final Mode mode;
        private final transient HitServer.LimitServlet limit;

        GetServlet(BareRedisson bare, Mode mode, byte[] identity, byte[] gzip) {
            this.bare = bare;
            this.mode = mode;
            this.limit = new HitServer.LimitServlet(identity, gzip);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (mode == Mode.SYNC) {
                byte[] v;
                try {
                    v = bare.bucket.get();
                } catch (RuntimeException e) {
                    v = null;
                }
                respond(req, resp, v);
                return;
            }
            AsyncContext async = req.startAsync();
            async.setTimeout(10_000);
            bare.bucket.getAsync().whenComplete((v, error) -> {
                if (mode == Mode.ASYNC_COMPLETING_THREAD) {
                    finish(async, req, resp, v);
                } else {
                    async.start(() -> finish(async, req, resp, v));
                }
            });
        }

        private void finish(AsyncContext async, HttpServletRequest req, HttpServletResponse resp, byte[] v) {
            try {
                respond(req, resp, v);
            } catch (IOException | RuntimeException e) {
                // The client went away; completing the context is all there is left to do.
            } finally {
                async.complete();
            }
        }

        private void respond(HttpServletRequest req, HttpServletResponse resp, byte[] v) throws IOException {
            if (bare.valueBytes == 0) {
                resp.sendError(503, "the bare GET's value is not stored yet");
                return;
            }
            if (v == null || v.length != bare.valueBytes) {
                resp.sendError(500, "bare GET answered " + (v == null ? "nothing" : v.length + " bytes"));
                return;
            }
            limit.write(req, resp);
        }
    }
}
