package io.outputcache.bench;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.engine.OutputCacheEngine;
import io.outputcache.store.InMemoryPageStore;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import io.outputcache.thymeleaf.OutputCacheDialect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A shop header (links written as plain text: link expressions need a servlet context) (logo, 12 category links from th:each, search form, locale, promo line: about 2.5 KB of HTML)
 * rendered by Thymeleaf, against the same header served by {@code oc:cache} from the fragment cache. The hit
 * includes everything a template pays for it: evaluating oc:cache/oc:ttl/oc:vary, the store GET through the
 * gateway, decoding the entry and inserting it. {@code store=redis} uses REDIS_URL (default
 * redis://127.0.0.1:6379) over loopback; {@code store=near} is the same Redis with the near cache in front
 * ({@code nearCacheMaxSize}, as the filter builds it), and is measured only once the near cache answers, so its hit
 * costs no Redis call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FragmentBench {

    static final String HEADER_BODY = """
            <a class="logo" href="/"><img src="/img/logo.svg" th:alt="${shop.name}"> <span th:text="${shop.name}">Shop</span></a>
            <nav><ul><li th:each="c, it : ${categories}" th:classappend="${it.first} ? 'first'"><a th:href="|/c/${c.slug}?page=1&sort=popular|" th:text="${c.name}" th:title="|${c.name} (${c.count} products)|">cat</a></li></ul></nav>
            <form action="/search" method="get"><input name="q" th:placeholder="|Search ${shop.productCount} products|"><button th:text="#{search}">Search</button></form>
            <span class="locale" th:text="${#locale.displayLanguage}">en</span>
            <p class="promo" th:utext="${shop.promo}">promo</p>
            """;
    static final String PLAIN = "<header>" + HEADER_BODY + "</header>";
    static final String CACHED = "<header oc:cache=\"'header'\" oc:ttl=\"'10m'\" oc:vary=\"${#locale}\" oc:tags=\"'nav'\">"
            + HEADER_BODY + "</header>";

    @Param({"memory", "redis", "near"})
    public String store;

    private TemplateEngine plainEngine;
    private TemplateEngine cachingEngine;
    private OutputCacheEngine cache;
    private Context context;

    @Setup(Level.Trial)
    public void setUp() {
        plainEngine = engine(null);
        OutputCacheConfig.Builder builder = OutputCacheConfig.builder()
                .redisUrl(System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"))
                .keyPrefix("bench" + System.nanoTime())
                .storeTimeout(Duration.ofSeconds(1))
                .rule(CacheRule.builder("none").include("/never/**").ttl(Duration.ofMinutes(1)).build());
        if (store.equals("near")) {
            builder.nearCacheMaxSize(16L << 20); // the engine wraps the Redis store in the near cache, as the filter does
        }
        OutputCacheConfig config = builder.build();
        PageStore pageStore = store.equals("memory") ? new InMemoryPageStore(64L << 20) : RedisPageStore.connect(config);
        cache = new OutputCacheEngine(config, pageStore);
        cachingEngine = engine(cache);
        context = new Context(Locale.ENGLISH, Map.of("shop", new Shop(), "categories", categories()));
        String first = cachingEngine.process(CACHED, context); // the miss that stores it
        if (!first.equals(plainEngine.process(PLAIN, context))) {
            throw new IllegalStateException("cached header differs from the plain render");
        }
        waitForStore();
    }

    /** Until the header is a hit; for {@code store=near}, until the near cache (not Redis) answers it. */
    private void waitForStore() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ready() && System.nanoTime() < deadline) {
            cachingEngine.process(CACHED, context);
            if (store.equals("near")) {
                sleep(); // the near cache takes an entry a moment after Redis confirms it
            }
        }
        if (!ready()) {
            throw new IllegalStateException("the header never became a hit (is the store reachable?)");
        }
    }

    private boolean ready() {
        return store.equals("near") ? cache.stats().nearHits() > 0 : cache.stats().fragmentHits() > 0;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.clear();
        cache.close();
    }

    @Benchmark
    public String headerRendered() {
        return plainEngine.process(PLAIN, context);
    }

    @Benchmark
    public String headerFromFragmentCache() {
        return cachingEngine.process(CACHED, context);
    }

    private static TemplateEngine engine(OutputCacheEngine cache) {
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        if (cache != null) {
            engine.addDialect(new OutputCacheDialect(cache.fragments()));
        }
        return engine;
    }

    private static List<Category> categories() {
        List<Category> list = new ArrayList<>();
        String[] names = {"Shoes", "Shirts", "Trousers", "Jackets", "Hats", "Bags", "Watches", "Socks", "Belts",
                "Scarves", "Gloves", "Sale"};
        for (int i = 0; i < names.length; i++) {
            list.add(new Category(names[i], names[i].toLowerCase(Locale.ROOT), 40 + i * 7));
        }
        return list;
    }

    /** Template model: a category link. */
    public record Category(String name, String slug, int count) {
    }

    /** Template model: the shop. */
    public static final class Shop {
        public String getName() {
            return "Redis Outfitters";
        }

        public int getProductCount() {
            return 1000;
        }

        public String getPromo() {
            return "<strong>Free shipping</strong> on orders over 50 EUR &ndash; this week only";
        }
    }
}
