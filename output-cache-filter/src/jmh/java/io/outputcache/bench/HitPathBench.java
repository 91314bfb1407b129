package io.outputcache.bench;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.DecodedMemo;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.KeyBuilder;
import io.outputcache.internal.near.NearCaching;
import io.outputcache.internal.policy.ConditionalRequest;
import io.outputcache.internal.policy.Representation;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pieces of a page hit, each alone, on the benchmark's 20 KB page (about 1.5 KB gzipped, as stored): the
 * key (normalising and hashing the request), decoding the stored entry, the conditional check, the choice of
 * representation, the gunzip an identity client costs, and a lookup the near cache answers (through the store
 * decorator, as the engine calls it; needs REDIS_URL, default redis://127.0.0.1:6379, for its invalidation
 * channel), with the page the copy was decoded into and its identity bytes kept once inflated. Hole filling is {@link HoleFillBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HitPathBench {
    private KeyBuilder keys;
    private RequestFacts request;
    private byte[] entry;
    private byte[] gzipBody;
    private ConditionalRequest.Conditions conditional;
    private ConditionalRequest.Conditions unconditional;
    private ConditionalRequest.Validators validators;
    private Representation.Body body;

    @Setup(Level.Trial)
    public void setUp() {
        CacheRule rule = CacheRule.builder("pages").include("/category/*").allowedQueryParams("page", "sort")
                .ttl(Duration.ofMinutes(10)).build();
        keys = new KeyBuilder(rule, Set.of(), List.of());
        request = new RequestFacts("GET", "http", "shop.example", 80, "", "/category/shoes", "sort=price&page=2",
                HeaderMap.of("Host", "shop.example", "Accept-Encoding", "gzip, deflate, br",
                        "Accept", "text/html,application/xhtml+xml", "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)",
                        "Cookie", "session=abc123; theme=dark"));
        if (!(keys.build(request) instanceof KeyBuilder.Keyed)) {
            throw new IllegalStateException("the request must be keyed");
        }
        byte[] identity = page();
        gzipBody = Bodies.gzip(identity);
        String etag = Bodies.etag(identity);
        long now = System.currentTimeMillis();
        CachedPage cached = new CachedPage("GET|http|shop.example|/category/shoes|page=2&sort=price", 200, now,
                now + 600_000, now + 660_000, 0, etag,
                HeaderMap.of("Content-Type", "text/html;charset=utf-8", "Cache-Control", "public, max-age=600"),
                true, gzipBody, identity.length, Set.of("category:shoes", "nav"));
        entry = EntryCodec.encode(cached);
        List<String> tags = Representation.tagsNaming(etag);
        validators = ConditionalRequest.Validators.of(tags, cached.headers(), Instant.ofEpochMilli(now));
        conditional = new ConditionalRequest.Conditions("GET", Optional.of("\"other\", " + tags.get(0)),
                Optional.empty());
        unconditional = new ConditionalRequest.Conditions("GET", Optional.empty(), Optional.empty());
        body = new Representation.Body(true, false, true, identity.length);
    }

    static byte[] page() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><title>Catalogue</title></head><body><ul>");
        for (int i = 1; sb.length() < 20_000; i++) {
            sb.append("<li class=\"product\"><a href=\"/product/").append(i).append("\">Product number ").append(i)
                    .append(" of the catalogue</a> <span class=\"price\">").append(3.5 + i * 1.25)
                    .append("</span><p>A description for product ").append(i).append(", colour ").append(i % 7)
                    .append(".</p></li>\n");
        }
        return sb.append("</ul></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public KeyBuilder.Result keyBuild() {
        return keys.build(request);
    }

    @Benchmark
    public Optional<CachedPage> entryDecode() {
        return EntryCodec.decode(entry);
    }

    @Benchmark
    public ConditionalRequest.Outcome conditionalMatch() {
        return ConditionalRequest.evaluate(conditional, 200, validators);
    }

    @Benchmark
    public ConditionalRequest.Outcome conditionalNone() {
        return ConditionalRequest.evaluate(unconditional, 200, validators);
    }

    @Benchmark
    public String representationChoice() {
        return Representation.choose("gzip, deflate, br", body).entityTag("\"abc\"");
    }

    @Benchmark
    public byte[] identityGunzip() throws IOException {
        return Bodies.gunzip(gzipBody);
    }

    /** A near cache in front of Redis with the page in it. */
    @State(Scope.Benchmark)
    public static class Near {
        PageStore store;
        DecodedMemo memo;
        final LongAdder nearHits = new LongAdder();
        final String key = "p:bench";

        @Setup(Level.Trial)
        public void setUp(HitPathBench outer) throws Exception {
            OutputCacheConfig config = OutputCacheConfig.builder()
                    .redisUrl(System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"))
                    .keyPrefix("bench-near-" + System.nanoTime())
                    .rule(CacheRule.builder("none").include("/never/**").ttl(Duration.ofMinutes(1)).build())
                    .nearCacheMaxSize(16L << 20)
                    .build();
            store = NearCaching.around(config, RedisPageStore.connect(config), nearHits, new LongAdder());
            memo = NearCaching.memo(store);
            store.put(key, outer.entry, Duration.ofMinutes(5), Set.of("nav")).toCompletableFuture().join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (nearHits.sum() == 0 && System.nanoTime() < deadline) {
                store.get(key).toCompletableFuture().join();
                Thread.sleep(20);
            }
            if (nearHits.sum() == 0) {
                throw new IllegalStateException("the near cache never answered (is Redis reachable?)");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.clear().toCompletableFuture().join();
            store.close();
        }
    }

    @Benchmark
    public byte[] nearCacheLookup(Near near) {
        return near.store.get(near.key).toCompletableFuture().join();
    }

    /** A near lookup and its page, as the engine gets it: the copy's decoded page, no decode (compare entryDecode). */
    @Benchmark
    public CachedPage nearHitDecoded(Near near) {
        byte[] value = near.store.get(near.key).toCompletableFuture().join();
        CachedPage page = near.memo.recall(near.key, value);
        return page != null ? page : EntryCodec.decode(value).orElseThrow();
    }

    /** The identity bytes of a near copy for a client without gzip: kept after the first (compare identityGunzip). */
    @Benchmark
    public byte[] nearHitIdentity(Near near) throws IOException {
        return nearHitDecoded(near).identityBody();
    }
}
