package io.outputcache.demo.hitbench;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The servers of the hit benchmark, run in a child JVM so that its CPU time is its own: one Jetty on a loopback
 * port with the targets side by side. {@code /limit} writes the page's bytes from memory; {@code /render/page}
 * renders it with Thymeleaf (gzipped for a client that accepts it, as a proxy's origin would);
 * {@code /redis/page} and {@code /near/page} are the same render behind the output cache on Redis, without and
 * with the near cache; {@code /redis-async/page} is {@code /redis/page} with {@code async-store-reads} on (the
 * filter mapped for REQUEST and ASYNC, the render servlet async-supported). Prints {@code ready port=N} and stops when its standard input closes, so that it never
 * outlives the command that started it.
 */
public final class HitServer {
    /** The line the parent waits for. */
    static final String READY = "hitbench-server ready port=";

    private HitServer() {
    }

    /** {@code HitServer <redis-url> <key-prefix> [bare]}: {@code true} also runs the bare Redisson targets. */
    public static void main(String[] args) throws Exception {
        Server server = start(args[0], args[1], args.length > 2 && Boolean.parseBoolean(args[2]));
        System.out.println(READY + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Nothing is sent; the end of the stream is the signal to stop.
        }
        server.stop();
        System.exit(0);
    }

    static Server start(String redisUrl, String keyPrefix, boolean bareTargets) throws Exception {
        BenchPage page = new BenchPage();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("hitbench");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addFilter(cache(redisUrl, keyPrefix + "-redis", "/redis/*", false, false), "/redis/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(cache(redisUrl, keyPrefix + "-near", "/near/*", true, false), "/near/*",
                EnumSet.of(DispatcherType.REQUEST));
        FilterHolder async = cache(redisUrl, keyPrefix + "-redis-async", "/redis-async/*", false, true);
        // REQUEST and ASYNC: what OutputCacheFilter.dispatcherTypes() says for this configuration.
        context.addFilter(async, "/redis-async/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        byte[] identity = page.renderBytes();
        context.addServlet(new ServletHolder("limit", new LimitServlet(identity, BenchPage.gzip(identity))), "/limit");
        ServletHolder render = new ServletHolder("render", new RenderServlet(page));
        context.getServletHandler().addServletWithMapping(render, "/render/*");
        context.getServletHandler().addServletWithMapping(render, "/redis/*");
        context.getServletHandler().addServletWithMapping(render, "/near/*");
        // Its own holder, so that the other targets' servlet stays as it was (not async-supported).
        ServletHolder asyncRender = new ServletHolder("render-async", new RenderServlet(page));
        asyncRender.setAsyncSupported(true);
        context.getServletHandler().addServletWithMapping(asyncRender, "/redis-async/*");
        // Only when asked for: their client's event loops and pings would be background load on the other rows.
        BareRedisson bare = bareTargets ? BareRedisson.connect(redisUrl, keyPrefix + "-bare") : null;
        if (bare != null) {
            for (BareRedisson.Mode mode : BareRedisson.Mode.values()) {
                ServletHolder holder = new ServletHolder("bare-" + mode, bare.servlet(mode, identity,
                        BenchPage.gzip(identity)));
                holder.setAsyncSupported(true);
                context.getServletHandler().addServletWithMapping(holder, mode.path);
            }
            BareJedis jedis = BareJedis.connect(redisUrl, bare);
            context.getServletHandler().addServletWithMapping(new ServletHolder("bare-jedis",
                    jedis.servlet(identity, BenchPage.gzip(identity))), Target.JEDIS.path);
        }
        server.setHandler(context);
        server.start();
        if (bare != null) {
            // The bare GETs read a copy of the entry the Redis target stores, so the page must be served first.
            bare.seed(((ServerConnector) server.getConnectors()[0]).getLocalPort(), Target.REDIS.path,
                    keyPrefix + "-redis", BenchPage.gzip(identity));
        }
        return server;
    }

    private static FilterHolder cache(String redisUrl, String prefix, String path, boolean near,
                                      boolean asyncReads) {
        String name = near ? "near" : asyncReads ? "redis-async" : "redis";
        OutputCacheConfig.Builder config = OutputCacheConfig.builder()
                .rule(CacheRule.builder(name).include(path).ttl(Duration.ofMinutes(30)).build())
                .redisUrl(redisUrl)
                .keyPrefix(prefix)
                .storeTimeout(Duration.ofMillis(500))
                .asyncStoreReads(asyncReads);
        if (near) {
            config.nearCacheMaxSize(64L * 1024 * 1024);
        }
        FilterHolder holder = new FilterHolder(new OutputCacheFilter(config.build()));
        holder.setName(near ? "nearCache" : asyncReads ? "redisAsyncCache" : "redisCache");
        holder.setAsyncSupported(true);
        return holder;
    }

    static boolean acceptsGzip(HttpServletRequest request) {
        String accept = request.getHeader("Accept-Encoding");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    /** The limit: the page's bytes (and their gzip) computed once, written as they are. */
    static final class LimitServlet extends HttpServlet {
        private final transient byte[] identity;
        private final transient byte[] gzip;

        LimitServlet(byte[] identity, byte[] gzip) {
            this.identity = identity;
            this.gzip = gzip;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(req, resp);
        }

        /** The limit's response, also written by the bare Redisson targets after their GET. */
        void write(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            boolean gz = acceptsGzip(req);
            byte[] body = gz ? gzip : identity;
            resp.setContentType("text/html;charset=utf-8");
            resp.setHeader("Vary", "Accept-Encoding");
            if (gz) {
                resp.setHeader("Content-Encoding", "gzip");
            }
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /**
     * The render: Thymeleaf on every request. Under {@code /render} it is the origin of the proxies and gzips
     * for a client that accepts it; under the cached paths it writes identity bytes and the filter compresses.
     */
    static final class RenderServlet extends HttpServlet {
        private final transient BenchPage page;

        RenderServlet(BenchPage page) {
            this.page = page;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = page.renderBytes();
            resp.setContentType("text/html;charset=utf-8");
            resp.setHeader("Cache-Control", "public, max-age=600");
            if (req.getServletPath().equals("/render")) {
                resp.setHeader("Vary", "Accept-Encoding");
                if (acceptsGzip(req)) {
                    body = BenchPage.gzip(body);
                    resp.setHeader("Content-Encoding", "gzip");
                }
            }
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
