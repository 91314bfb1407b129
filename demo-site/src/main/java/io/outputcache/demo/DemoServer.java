package io.outputcache.demo;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheConfig.RedisMode;
import io.outputcache.OutputCacheFilter;
import io.outputcache.demo.shop.CartService;
import io.outputcache.demo.shop.Catalog;
import io.outputcache.demo.shop.DataStore;
import io.outputcache.demo.shop.MemoryDataStore;
import io.outputcache.demo.shop.ProductRepository;
import io.outputcache.demo.shop.JdbcUrl;
import io.outputcache.demo.shop.ProductDatabase;
import io.outputcache.demo.shop.RedisDataStore;
import io.outputcache.demo.web.AdminServlet;
import io.outputcache.demo.web.CacheSwitch;
import io.outputcache.demo.web.CartServlet;
import io.outputcache.demo.web.CpuTimeFilter;
import io.outputcache.demo.web.DemoServices;
import io.outputcache.demo.web.ShopServlet;
import io.outputcache.demo.web.StaticServlet;
import io.outputcache.demo.web.StatsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.redisson.api.RedissonClient;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One running demo shop: its Redis (given, embedded, or none), its data layer and carts, and Jetty serving the
 * site with the output cache in front, either wired in code or deployed from {@code WEB-INF/web.xml}.
 */
public final class DemoServer implements AutoCloseable {
    /** Number of generated products. */
    public static final int PRODUCTS = 1000;

    /** The one cache rule of the shop: the public pages. {@code /cart}, {@code /admin} and the stats are not covered. */
    static CacheRule pagesRule() {
        return CacheRule.builder(CacheSwitch.RULE)
                .include("/", "/category/*", "/product/*", "/search")
                .allowedQueryParams("page", "sort", "q")
                .ttl(Duration.ofMinutes(10))
                .grace(Duration.ofMinutes(1))
                .build();
    }

    /**
     * Longer than the library's default (150 ms): the demo often runs on a laptop or a small shared machine where,
     * with every core busy rendering, a Redis reply can wait that long in the JVM's own queues; the default would
     * then open the breaker and switch caching off exactly when it helps most. Same value in web.xml.
     */
    static final Duration STORE_TIMEOUT = Duration.ofMillis(500);

    /** The near cache's bound ({@code --near-cache on}): a few thousand pages of the shop. */
    static final long NEAR_CACHE_BYTES = 64L * 1024 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    private final DemoServices services;
    private final List<AutoCloseable> resources;
    private final List<String> notes;

    private DemoServer(Server server, ServerConnector connector, ServletContextHandler context, DemoServices services,
                       List<AutoCloseable> resources, List<String> notes) {
        this.server = server;
        this.connector = connector;
        this.context = context;
        this.services = services;
        this.resources = resources;
        this.notes = notes;
    }

    /** How the embedded Redis is started; a parameter so that a test can make it fail. */
    @FunctionalInterface
    interface RedisStarter {
        EmbeddedRedis start() throws Exception;
    }

    /** Starts a shop; throws {@link IllegalStateException} with a one-line reason when it cannot. */
    public static DemoServer start(DemoOptions options) throws Exception {
        return start(options, EmbeddedRedis::start);
    }

    static DemoServer start(DemoOptions options, RedisStarter embeddedRedis) throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            return start(options, embeddedRedis, resources, notes);
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    private static DemoServer start(DemoOptions options, RedisStarter embeddedRedis, List<AutoCloseable> resources,
                                    List<String> notes) throws Exception {
        // 1. Redis: the one given (standalone, cluster or sentinel), else the embedded one, else none (in-process).
        Optional<RedisTarget> redis = options.redisTarget();
        if (redis.isEmpty()) {
            try {
                EmbeddedRedis embedded = embeddedRedis.start();
                resources.add(embedded);
                redis = Optional.of(new RedisTarget(List.of(embedded.url()), RedisMode.STANDALONE, Optional.empty()));
                notes.add("started embedded Redis on 127.0.0.1:" + embedded.port());
            } catch (Exception | LinkageError e) {
                notes.add("could not start embedded Redis (" + e.getMessage() + "); using in-process stores instead");
            }
        }
        RedissonClient client = null;
        if (redis.isPresent()) {
            client = RedisClients.connect(redis.get());
            resources.add(0, client::shutdown);
        }
        DataStore data = client != null
                ? new RedisDataStore(client, redis.get().describe(), redis.get().mode() == RedisMode.CLUSTER)
                : new MemoryDataStore();
        resources.add(0, data);
        boolean memoryPages = options.memoryPageStore() || client == null;
        // A near cache sits in front of Redis; the in-process fallback store keeps pages in this JVM already.
        boolean nearCache = options.nearCache() && !memoryPages;

        // 2. The shop: its products in the database (created and seeded if empty), cached aside in the data store.
        ProductDatabase db = ProductDatabase.open(options.db().orElseGet(JdbcUrl::embedded), Catalog.generate(PRODUCTS),
                options.dbLatencyMs());
        resources.add(0, db);
        ProductRepository products = new ProductRepository(db, data, options.keyPrefix());
        CartService carts = new CartService(data, options.keyPrefix());
        String adminToken = options.adminToken().orElseGet(DemoServer::randomToken);
        String storeDescription = "pages: " + (memoryPages ? "in-process memory" : "redis")
                + (nearCache ? " with near cache" : "") + ", data and carts: " + data.describe()
                + ", products: " + options.db().map(JdbcUrl::redact).orElse("embedded in-memory H2");
        DemoServices services = new DemoServices(products, carts, new CacheSwitch(options.cacheOn()), adminToken,
                storeDescription);

        // 3. Jetty.
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("shop");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        String pagePrefix = options.keyPrefix() + "-pages";
        ServletContextHandler context = options.webXml()
                ? webXmlContext(server, redis, memoryPages, nearCache, pagePrefix, services.purgeToken())
                : codeContext(client, memoryPages, nearCache, pagePrefix, services.purgeToken());
        context.setAttribute(DemoServices.ATTRIBUTE, services);
        server.setHandler(context);
        resources.add(0, server::stop);
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        if (!context.isAvailable()) {
            throw new IllegalStateException("the web application did not start; see the log above");
        }
        notes.add("purge endpoint enabled: POST " + DemoServices.PURGE_PATH + " with the token in X-Purge-Token"
                + " (made at start and not printed; the admin page purges through it)");
        return new DemoServer(server, connector, context, services, resources, notes);
    }

    /** Servlets and filters registered in code; the filter gets a built configuration and the shared client. */
    private static ServletContextHandler codeContext(RedissonClient client, boolean memoryPages, boolean nearCache,
                                                     String pagePrefix, String purgeToken) {
        OutputCacheConfig.Builder config = OutputCacheConfig.builder().rule(pagesRule()).keyPrefix(pagePrefix)
                .storeTimeout(STORE_TIMEOUT).purge(p -> p.path(DemoServices.PURGE_PATH).token(purgeToken));
        if (memoryPages) {
            config.storeType(OutputCacheConfig.StoreType.MEMORY).memoryMaxSize(128L * 1024 * 1024);
        } else {
            config.redissonClient(client);
            applyNearCache(config, nearCache);
        }
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new CpuTimeFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder cache = new FilterHolder(new OutputCacheFilter(config.build()));
        cache.setName("outputCache");
        cache.setAsyncSupported(true);
        context.addFilter(cache, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder shop = new ServletHolder("shop", ShopServlet.class);
        shop.setInitOrder(0); // connects the shop to the cache (holes, switch) before the first request
        context.addServlet(shop, "/");
        context.addServlet(new ServletHolder("static", StaticServlet.class), "/static/*");
        ServletHolder cart = new ServletHolder("cart", CartServlet.class);
        context.getServletHandler().addServletWithMapping(cart, "/cart");
        context.getServletHandler().addServletWithMapping(cart, "/cart/*");
        ServletHolder stats = new ServletHolder("stats", StatsServlet.class);
        context.getServletHandler().addServletWithMapping(stats, "/stats");
        context.getServletHandler().addServletWithMapping(stats, "/_stats");
        ServletHolder admin = new ServletHolder("admin", AdminServlet.class);
        context.getServletHandler().addServletWithMapping(admin, "/admin");
        context.getServletHandler().addServletWithMapping(admin, "/admin/*");
        return context;
    }

    /**
     * {@code --near-cache on}: pages also kept in this process, in front of Redis, bounded by
     * {@link #NEAR_CACHE_BYTES}; the library tells every node's near cache about every invalidation.
     */
    static void applyNearCache(OutputCacheConfig.Builder config, boolean on) {
        if (on) {
            config.nearCacheMaxSize(NEAR_CACHE_BYTES);
        }
    }

    /**
     * The same site from {@code demo-webapp/WEB-INF/web.xml} on the classpath. The filter reads its init-params;
     * the values that differ per run come in through {@code ${...}} placeholders (system properties here).
     */
    private static ServletContextHandler webXmlContext(Server server, Optional<RedisTarget> redis, boolean memoryPages,
                                                       boolean nearCache, String pagePrefix, String purgeToken)
            throws IOException {
        System.setProperty("DEMO_PAGE_STORE", memoryPages ? "memory" : "redis");
        System.setProperty("DEMO_REDIS_URL", redis.map(RedisTarget::initParamUrls).orElse("redis://127.0.0.1:6379"));
        System.setProperty("DEMO_REDIS_MODE", redis.map(r -> r.mode().name().toLowerCase(Locale.ROOT))
                .orElse("standalone"));
        System.setProperty("DEMO_KEY_PREFIX", pagePrefix);
        System.setProperty("DEMO_PURGE_TOKEN", purgeToken);
        URL base = DemoServer.class.getClassLoader().getResource("demo-webapp/");
        if (base == null) {
            throw new IllegalStateException("demo-webapp/ is missing from the classpath");
        }
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResource(ResourceFactory.of(server).newResource(base));
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        // redis-sentinel-master may only be set in sentinel mode, and near-cache-max-size only with the Redis store,
        // so web.xml cannot carry them for every run: an override descriptor (applied after web.xml) adds them to
        // the filter's init-params for this run only.
        Map<String, String> extra = new LinkedHashMap<>();
        redis.flatMap(RedisTarget::sentinelMaster).ifPresent(master -> extra.put("redis-sentinel-master", master));
        if (nearCache) {
            extra.put("near-cache-max-size", Long.toString(NEAR_CACHE_BYTES));
        }
        if (!extra.isEmpty()) {
            webapp.addOverrideDescriptor(initParamOverride(extra).toUri().toString());
        }
        return webapp;
    }

    private static Path initParamOverride(Map<String, String> params) throws IOException {
        Path file = Files.createTempFile("demo-init-params-", ".xml");
        file.toFile().deleteOnExit();
        StringBuilder lines = new StringBuilder();
        params.forEach((name, value) -> lines.append("    <init-param><param-name>").append(name)
                .append("</param-name><param-value>").append(xmlText(value)).append("</param-value></init-param>\n"));
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>outputCache</filter-name>
                %s  </filter>
                </web-app>
                """.formatted(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static String xmlText(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return "http://" + host + ":" + port();
    }

    public DemoServices services() {
        return services;
    }

    public ServletContext servletContext() {
        return context.getServletContext();
    }

    public Optional<OutputCache> outputCache() {
        return DemoServices.outputCache(servletContext());
    }

    /** What start-up did that a user should know (embedded Redis, fallbacks). */
    public List<String> notes() {
        return notes;
    }

    public Map<String, Object> stats() {
        return StatsServlet.snapshot(services, outputCache());
    }

    @Override
    public void close() {
        closeAll(resources);
        resources.clear();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // Shutting down: keep closing the rest.
            }
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
