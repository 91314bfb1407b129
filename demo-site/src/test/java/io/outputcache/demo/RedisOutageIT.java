package io.outputcache.demo;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.util.ResourceLeakDetector;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.RedisProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo with its Redis killed under load (docs/operations.md, "The demo in a Redis outage"). A redis-server of
 * its own, killed with SIGKILL while four clients request product pages: every page must still be 200 and no
 * slower than rendering it from the database, the cart must answer 503 at once, caching must resume within 30 s
 * of Redis coming back, and Netty must report no leaked buffer. Prints the figures (also written to
 * {@code target/outage-figures.txt}).
 */
class RedisOutageIT {
    private static final int CLIENTS = 4;
    private static final Duration BASELINE = Duration.ofSeconds(6);
    private static final Duration WARM = Duration.ofSeconds(3);
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration RESUME_LIMIT = Duration.ofSeconds(30);
    private static final double SLACK_MS = 50;

    @Test
    void withRedisKilledPagesComeFromTheDatabaseCartsSay503AndCachingResumes() throws Exception {
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        // Every buffer tracked, so that one left unreleased after the outage is reported, not sampled away.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try (RedisProcess redis = RedisProcess.start(); LogCapture log = new LogCapture();
             DemoServer server = DemoServer.start(options(redis.url()))) {
            HttpProbe http = new HttpProbe("127.0.0.1", server.port());
            String cart = Shop.cartId(http.request("POST", "/cart/add", "productId=5&quantity=1".getBytes(
                    StandardCharsets.US_ASCII), "Content-Type: application/x-www-form-urlencoded"));
            String token = server.services().carts().token(cart);

            // 1. What a page costs with no cache at all: output caching off, the data cache emptied first, so
            //    pages read the database (with the data cache refilling as it goes, which only adds Redis time).
            //    A warm-up first, so that neither figure pays for a cold JVM.
            server.services().cacheSwitch().set(false);
            try (PageLoad warmUp = PageLoad.start(http, CLIENTS, DemoServer.PRODUCTS, 0)) {
                Thread.sleep(WARM.toMillis());
            }
            assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
            List<PageLoad.Sample> uncached;
            try (PageLoad load = PageLoad.start(http, CLIENTS, DemoServer.PRODUCTS, 1)) {
                Thread.sleep(BASELINE.toMillis());
                load.close();
                uncached = load.all();
            }
            server.services().cacheSwitch().set(true);

            // 2. Caching on, then Redis killed under the same load.
            PageLoad.Sample cartDown;
            PageLoad.Sample addDown;
            HttpProbe.Response cartPage;
            HttpProbe.Response added;
            List<PageLoad.Sample> outage;
            long restarted;
            double outputResumedS;
            double dataResumedS;
            try (PageLoad load = PageLoad.start(http, CLIENTS, DemoServer.PRODUCTS, 2)) {
                Thread.sleep(WARM.toMillis());
                long killed = System.nanoTime();
                redis.kill();
                Thread.sleep(OUTAGE.toMillis() / 2);
                long t0 = System.nanoTime();
                cartPage = http.get("/cart", "Cookie: cart=" + cart);
                cartDown = new PageLoad.Sample(t0, cartPage.status(), System.nanoTime() - t0);
                t0 = System.nanoTime();
                added = http.request("POST", "/cart/add", ("productId=6&quantity=1&token=" + token).getBytes(
                        StandardCharsets.US_ASCII), "Content-Type: application/x-www-form-urlencoded",
                        "Cookie: cart=" + cart);
                addDown = new PageLoad.Sample(t0, added.status(), System.nanoTime() - t0);
                Thread.sleep(OUTAGE.toMillis() / 2);
                outage = load.since(killed).stream().filter(s -> s.startNanos() - killed < OUTAGE.toNanos()).toList();

                // 3. Redis back (empty, as after a restart without persistence), the load still running.
                redis.restart();
                restarted = System.nanoTime();
                long dataHitsAtRestart = stat(http, "dataHits");
                Optional<Double> output = Optional.empty();
                Optional<Double> data = Optional.empty();
                while ((output.isEmpty() || data.isEmpty())
                        && System.nanoTime() - restarted < RESUME_LIMIT.plusSeconds(10).toNanos()) {
                    double seconds = (System.nanoTime() - restarted) / 1e9;
                    if (output.isEmpty() && http.get("/product/1").isHit()) {
                        output = Optional.of(seconds);
                    }
                    if (data.isEmpty() && stat(http, "dataHits") > dataHitsAtRestart
                            && http.get("/_stats").text().contains("\"dataStore\":\"up\"")) {
                        data = Optional.of(seconds);
                    }
                    Thread.sleep(200);
                }
                outputResumedS = output.orElse(Double.POSITIVE_INFINITY);
                dataResumedS = data.orElse(Double.POSITIVE_INFINITY);
            }

            // 4. Buffers left unreleased are reported when they are collected and the next buffer is made.
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(300);
                http.get("/product/" + (200 + i));
                http.get("/cart", "Cookie: cart=" + cart);
            }
            List<String> leaks = log.events().stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK:")).toList();

            double uncachedP99 = PageLoad.percentile(uncached, 99);
            double outageP99 = PageLoad.percentile(outage, 99);
            String figures = String.format(Locale.ROOT, """
                    demo outage figures (%d clients, closed loop, random product pages, db latency 20 ms):
                      uncached render p99: %.1f ms (p50 %.1f, %d pages, output cache off, data cache emptied)
                      p99 with Redis killed: %.1f ms (p50 %.1f, max %.1f, %d pages in the first %d s, statuses %s)
                      cart page while down: %d in %.1f ms, Retry-After %s; add to cart: %d in %.1f ms, Retry-After %s
                      caching resumed after Redis came back: pages %.1f s, data cache %.1f s
                      Netty leak reports: %d
                    """, CLIENTS, uncachedP99, PageLoad.percentile(uncached, 50), uncached.size(), outageP99,
                    PageLoad.percentile(outage, 50), PageLoad.percentile(outage, 100), outage.size(),
                    OUTAGE.toSeconds(), PageLoad.statuses(outage), cartDown.status(), cartDown.millis(),
                    cartPage.header("retry-after"), addDown.status(), addDown.millis(), added.header("retry-after"),
                    outputResumedS, dataResumedS, leaks.size());
            System.out.print(figures);
            Files.writeString(Path.of("target", "outage-figures.txt"), figures, StandardCharsets.UTF_8);

            assertThat(PageLoad.statuses(uncached)).as("baseline statuses").containsOnlyKeys(200);
            assertThat(PageLoad.statuses(outage)).as("every product page while Redis is down").containsOnlyKeys(200);
            assertThat(outage).as("pages served while Redis is down").hasSizeGreaterThan(100);
            assertThat(outageP99).as("p99 with Redis killed vs uncached render p99 + 50 ms")
                    .isLessThanOrEqualTo(uncachedP99 + SLACK_MS);
            assertThat(cartPage.status()).isEqualTo(503);
            assertThat(cartPage.text()).contains("Cart temporarily unavailable");
            assertThat(cartPage.header("retry-after")).matches("[1-9][0-9]*");
            assertThat(cartDown.millis()).as("the cart answers at once").isLessThan(uncachedP99 + SLACK_MS);
            assertThat(added.status()).isEqualTo(503);
            assertThat(added.header("retry-after")).matches("[1-9][0-9]*");
            assertThat(addDown.millis()).as("adding to the cart answers at once").isLessThan(uncachedP99 + SLACK_MS);
            assertThat(outputResumedS).as("seconds until pages are cached again").isLessThanOrEqualTo(
                    RESUME_LIMIT.toSeconds());
            assertThat(dataResumedS).as("seconds until the data cache answers again").isLessThanOrEqualTo(
                    RESUME_LIMIT.toSeconds());
            assertThat(http.get("/cart", "Cookie: cart=" + cart).text()).as("the cart after the outage")
                    .contains("Your cart");
            assertThat(leaks).as("Netty leak reports").isEmpty();
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    private static DemoOptions options(String redisUrl) {
        return DemoOptions.defaults().with(b -> {
            b.port = 0;
            b.redis = java.util.List.of(redisUrl);
            b.keyPrefix = "outage";
            b.adminToken = Optional.of(Shop.ADMIN_TOKEN);
        });
    }

    private static long stat(HttpProbe http, String name) {
        return Shop.number(http.get("/_stats").text(), name);
    }
}
