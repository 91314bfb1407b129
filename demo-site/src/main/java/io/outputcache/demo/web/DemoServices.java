package io.outputcache.demo.web;

import io.outputcache.OutputCache;
import io.outputcache.demo.shop.CartService;
import io.outputcache.demo.shop.ProductRepository;
import jakarta.servlet.ServletContext;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * What the shop's servlets and filters share: the data layer, the carts, the counters and the switches. Put in the
 * servlet context before the web application starts, so that servlets declared in {@code web.xml} find it too.
 */
public final class DemoServices {
    public static final String ATTRIBUTE = DemoServices.class.getName();

    /** Where the library's purge endpoint answers (purge-path); the admin page purges through it. */
    public static final String PURGE_PATH = "/_outputcache/purge";

    /**
     * Where fragment-cache counters come from. The shop has no fragment cache of its own; whoever wires one in
     * (see {@link #fragmentCounts(FragmentCounts)}) reports its hits and misses here, and {@code /_stats} shows them.
     */
    public interface FragmentCounts {
        FragmentCounts NONE = new FragmentCounts() {
            @Override
            public long hits() {
                return 0;
            }

            @Override
            public long misses() {
                return 0;
            }
        };

        long hits();

        long misses();
    }

    private final ProductRepository products;
    private final CartService carts;
    private final RenderStats renderStats = new RenderStats();
    private final RequestMeter meter = new RequestMeter();
    private final CacheSwitch cacheSwitch;
    private final String adminToken;
    private final String storeDescription;
    /** Made at start and never printed: only the admin page (behind the admin token) purges with it. */
    private final String purgeToken = randomToken();
    private volatile FragmentCounts fragmentCounts = FragmentCounts.NONE;

    public DemoServices(ProductRepository products, CartService carts, CacheSwitch cacheSwitch,
                        String adminToken, String storeDescription) {
        this.products = products;
        this.carts = carts;
        this.cacheSwitch = cacheSwitch;
        this.adminToken = adminToken;
        this.storeDescription = storeDescription;
    }

    public static DemoServices from(ServletContext context) {
        Object s = context.getAttribute(ATTRIBUTE);
        if (!(s instanceof DemoServices services)) {
            throw new IllegalStateException("the demo's services were not put in the servlet context as " + ATTRIBUTE);
        }
        return services;
    }

    /** The output cache of this context, once its filter has started. */
    public static Optional<OutputCache> outputCache(ServletContext context) {
        return Optional.ofNullable((OutputCache) context.getAttribute(OutputCache.ATTRIBUTE));
    }

    /** Products in the shop's database, as counted at start. */
    public int productCount() {
        return products.database().productCount();
    }

    public ProductRepository products() {
        return products;
    }

    public CartService carts() {
        return carts;
    }

    public RenderStats renderStats() {
        return renderStats;
    }

    public RequestMeter meter() {
        return meter;
    }

    /**
     * Connects the shop to its output cache once the filter has started: the hole renderers ({@link ShopHoles}),
     * so that visitors with a cart share the cached pages and still see their own cart count and token, and the
     * run-time switch. Called by the shop servlet, which starts after the filters (load-on-startup).
     */
    public void connect(OutputCache cache) {
        ShopHoles.register(cache, this);
        cacheSwitch.attach(cache);
    }

    public CacheSwitch cacheSwitch() {
        return cacheSwitch;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The secret of the library's purge endpoint (purge-token). */
    public String purgeToken() {
        return purgeToken;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Where pages, data and carts are kept, as said in the start-up line. */
    public String storeDescription() {
        return storeDescription;
    }

    public FragmentCounts fragmentCounts() {
        return fragmentCounts;
    }

    /** Connects a fragment cache's counters to {@code /_stats}. */
    public void fragmentCounts(FragmentCounts counts) {
        this.fragmentCounts = counts == null ? FragmentCounts.NONE : counts;
    }
}
