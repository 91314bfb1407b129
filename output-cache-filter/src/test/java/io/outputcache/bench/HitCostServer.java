package io.outputcache.bench;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server for measuring what a hit costs (not a test). {@code /cached/*} goes through the filter and is served
 * from Redis after the first request; {@code /direct/*} is the same 20 KB page written by the servlet with no
 * filter work at all. Drive both with a load tool in one run and compare, e.g.
 * <pre>
 * mvn -q -pl output-cache-filter test-compile exec... (see docs/benchmarks.md)
 * wrk -t2 -c16 -d10s http://127.0.0.1:PORT/direct/a ; wrk -t2 -c16 -d10s http://127.0.0.1:PORT/cached/a
 * </pre>
 */
public final class HitCostServer {
    private HitCostServer() {
    }

    public static void main(String[] args) throws Exception {
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
        OutputCacheConfig config = OutputCacheConfig.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                .rule(CacheRule.builder("bench").include("/cached/**").ttl(Duration.ofHours(1)).build())
                .build();
        TestServer server = TestServer.builder().servlet("/*", servlet).filter(new OutputCacheFilter(config)).start();
        System.out.println("page bytes: " + page.length);
        System.out.println("direct: " + server.uri("/direct/a"));
        System.out.println("cached: " + server.uri("/cached/a"));
        System.out.flush();
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "60") * 1000);
        server.close();
        System.exit(0);
    }
}
