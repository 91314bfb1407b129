package io.outputcache.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outputcache.OutputCache;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.RedisInvariants;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.config.Config;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real Spring Boot 3 application (Spring MVC, Thymeleaf, Actuator) on embedded Tomcat, configured only by
 * {@code outputcache.*} properties.
 */
class SpringBootAutoConfigurationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = TestRedis.newPrefix();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
        RedisInvariants.assertEveryKeyExpires(prefix);
    }

    private ConfigurableApplicationContext start(Class<?> application, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                "spring.thymeleaf.prefix=classpath:/boot-templates/",
                "outputcache.key-prefix=" + prefix,
                "outputcache.store-timeout=1s",
                "outputcache.rules=pages",
                "outputcache.rule.pages.include=/products/*",
                "outputcache.rule.pages.ttl=5m"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties(all.toArray(String[]::new)).run();
        started.add(context);
        return context;
    }

    /** The shop with its own Redis connection and the endpoints exposed over HTTP. */
    private ConfigurableApplicationContext startShop(String... more) {
        List<String> properties = new ArrayList<>(List.of("outputcache.redis-url=" + TestRedis.url(),
                "management.endpoints.web.exposure.include=health,metrics,outputcache",
                "management.endpoint.health.show-details=always"));
        properties.addAll(List.of(more));
        return start(BootShop.class, properties.toArray(String[]::new));
    }

    private static HttpProbe http(ConfigurableApplicationContext context) {
        var server = ((ServletWebServerApplicationContext) context).getWebServer();
        return new HttpProbe("127.0.0.1", server.getPort());
    }

    private static JsonNode json(HttpProbe.Response response) throws Exception {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return JSON.readTree(response.text());
    }

    @Test
    void runsOnEmbeddedTomcatAndCachesAThymeleafPage() {
        ConfigurableApplicationContext shop = startShop();
        assertThat(((ServletWebServerApplicationContext) shop).getWebServer()).isInstanceOf(TomcatWebServer.class);
        HttpProbe http = http(shop);

        HttpProbe.Response first = http.get("/products/1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cacheStatus()).contains("outputcache; fwd=uri-miss");
        assertThat(first.text()).contains("product 1", "render #1");
        HttpProbe.Response second = http.get("/products/1");
        assertThat(second.isHit()).as(second.cacheStatus()).isTrue();
        assertThat(second.text()).contains("render #1");
        assertThat(http.get("/cart").cacheStatus()).as("no rule covers /cart").isNull();
        assertThat(shop.getBean(OutputCache.class).stats().hits()).isEqualTo(1);
        assertThat(OutputCache.from(((ServletWebServerApplicationContext) shop).getServletContext()))
                .as("the bean is the handle the filter published").isSameAs(shop.getBean(OutputCache.class));
    }

    @Test
    void asyncStoreReadsMapTheFilterForAsyncDispatchesAndAPageIsStoredAndHit() {
        ConfigurableApplicationContext shop = startShop("outputcache.async-store-reads=true");
        @SuppressWarnings("unchecked")
        FilterRegistrationBean<OutputCacheFilter> registration =
                shop.getBean("outputCacheFilterRegistration", FilterRegistrationBean.class);
        assertThat(registration.determineDispatcherTypes()).containsExactlyInAnyOrder(DispatcherType.REQUEST,
                DispatcherType.ASYNC);
        HttpProbe http = http(shop);
        HttpProbe.Response first = http.get("/products/2");
        assertThat(first.cacheStatus()).contains("outputcache; fwd=uri-miss", "stored");
        HttpProbe.Response second = http.get("/products/2");
        assertThat(second.isHit()).as(second.cacheStatus()).isTrue();
        assertThat(second.text()).isEqualTo(first.text());
    }

    @Test
    void theDialectCachesAnOcCacheFragmentInAPageNoRuleCovers() {
        ConfigurableApplicationContext shop = startShop();
        HttpProbe http = http(shop);

        String first = http.get("/cart").text();
        String second = http.get("/cart").text();
        assertThat(first).contains("sidebar #1", "cart render #1");
        assertThat(second).as("the fragment is served from the store; the page is rendered again")
                .contains("sidebar #1", "cart render #2");
        assertThat(shop.getBean(BootShop.ShopController.class).sidebar.count()).isEqualTo(1);
        assertThat(shop.getBean(OutputCache.class).stats().fragmentHits()).isEqualTo(1);
    }

    @Test
    void aHoleInAStoredThymeleafPageIsFilledForEachVisitor() {
        HttpProbe http = http(startShop());
        HttpProbe.Response ann = http.get("/products/8", "X-Visitor: Ann");
        assertThat(ann.text()).contains("render #1", "visitor Ann");
        HttpProbe.Response bob = http.get("/products/8", "X-Visitor: Bob");
        assertThat(bob.isHit()).as(bob.cacheStatus()).isTrue();
        assertThat(bob.text()).contains("render #1", "visitor Bob").doesNotContain("Ann");
    }

    @Test
    void theMetersAreUnderActuatorMetrics() throws Exception {
        HttpProbe http = http(startShop());
        http.get("/products/2");
        http.get("/products/2");

        JsonNode hits = json(http.get("/actuator/metrics/outputcache.hits?tag=rule:pages"));
        assertThat(hits.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
        JsonNode misses = json(http.get("/actuator/metrics/outputcache.misses?tag=rule:pages"));
        assertThat(misses.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
        JsonNode breaker = json(http.get("/actuator/metrics/outputcache.breaker.state"));
        assertThat(breaker.at("/measurements/0/value").asDouble()).as("closed").isEqualTo(0.0);
    }

    @Test
    void healthShowsTheStoreBreaker() throws Exception {
        HttpProbe http = http(startShop());
        http.get("/products/3");

        JsonNode health = json(http.get("/actuator/health/outputcache"));
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/details/breaker").asText()).isEqualTo("closed");
        assertThat(health.at("/details/storeErrors").asLong()).isZero();
        assertThat(json(http.get("/actuator/health")).at("/components/outputcache/status").asText()).isEqualTo("UP");
    }

    @Test
    void theEndpointInvalidatesATagAndTheNextRequestMisses() throws Exception {
        ConfigurableApplicationContext shop = startShop();
        HttpProbe http = http(shop);
        http.get("/products/4");
        assertThat(http.get("/products/4").isHit()).isTrue();

        HttpProbe.Response purge = http.request("POST", "/actuator/outputcache",
                "{\"tag\":\"product-4\"}".getBytes(StandardCharsets.UTF_8), "Content-Type: application/json");
        assertThat(json(purge).path("removed").asLong()).isEqualTo(1);

        HttpProbe.Response after = http.get("/products/4");
        assertThat(after.cacheStatus()).contains("fwd=uri-miss");
        assertThat(after.text()).contains("render #2");
        assertThat(json(http.get("/actuator/outputcache")).path("misses").asLong()).isEqualTo(2);
        HttpProbe.Response neither = http.request("POST", "/actuator/outputcache",
                "{}".getBytes(StandardCharsets.UTF_8), "Content-Type: application/json");
        assertThat(neither.status()).isEqualTo(400);
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationRedisson {
        /** As redisson-spring-boot-starter defines it: Spring shuts it down when the context closes. */
        @Bean(destroyMethod = "shutdown")
        RedissonClient redisson() {
            Config config = new Config();
            config.useSingleServer().setAddress(TestRedis.url()).setConnectionMinimumIdleSize(1);
            return Redisson.create(config);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({BootShop.class, ApplicationRedisson.class})
    static class ShopWithRedisson {
    }

    @Test
    void usesTheApplicationsRedissonClientAndLeavesItRunningWhenTheFilterStops() {
        ConfigurableApplicationContext shop = start(ShopWithRedisson.class);
        RedissonClient client = shop.getBean(RedissonClient.class);
        assertThat(shop.getBean(OutputCacheConfig.class).redissonClient()).containsSame(client);
        HttpProbe http = http(shop);
        http.get("/products/5");
        assertThat(http.get("/products/5").isHit()).isTrue();
        assertThat(client.getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + ":p:*"))).isNotEmpty();
        assertThat(http.get("/actuator/outputcache").status()).as("not exposed by default").isEqualTo(404);

        ((ServletWebServerApplicationContext) shop).getWebServer().stop(); // destroys the filter
        assertThat(client.isShutdown()).isFalse();
        client.getBucket(prefix + ":still-running").set("yes", Duration.ofSeconds(30));
        assertThat(client.<String>getBucket(prefix + ":still-running").get()).isEqualTo("yes");

        shop.close();
        assertThat(client.isShutdown()).as("the application's own bean lifecycle shut it down").isTrue();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistration {
        /** An application that builds its filter in code, as docs/security.md shows. */
        @Bean
        FilterRegistrationBean<OutputCacheFilter> ownOutputCache() {
            FilterRegistrationBean<OutputCacheFilter> registration = new FilterRegistrationBean<>(
                    new OutputCacheFilter(OutputCacheConfig.builder().storeType(OutputCacheConfig.StoreType.MEMORY)
                            .rule(CacheRule.builder("own").include("/products/*").ttl(Duration.ofMinutes(1)).build())
                            .build()));
            registration.addUrlPatterns("/*");
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({BootShop.class, OwnRegistration.class})
    static class ShopWithItsOwnFilter {
    }

    @Test
    void backsOffWhenTheApplicationRegistersTheFilterItself() {
        ConfigurableApplicationContext shop = start(ShopWithItsOwnFilter.class, "outputcache.redis-url=" + TestRedis.url());
        assertThat(shop.getBeansOfType(OutputCacheConfig.class)).isEmpty();
        assertThat(shop.getBeansOfType(OutputCache.class)).isEmpty();
        HttpProbe http = http(shop);
        http.get("/products/6");
        HttpProbe.Response second = http.get("/products/6");
        assertThat(second.isHit()).isTrue();
        assertThat(second.headers("cache-status")).as("one filter, the application's").hasSize(1);
        assertThat(TestRedis.inspector().getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + ":*"))).isEmpty();
    }

    @Test
    void enabledFalseTurnsItOffWhateverElseIsSet() {
        ConfigurableApplicationContext shop = start(BootShop.class, "outputcache.redis-url=" + TestRedis.url(),
                "outputcache.enabled=false");
        assertThat(shop.getBeansOfType(OutputCache.class)).isEmpty();
        HttpProbe http = http(shop);
        assertThat(http.get("/products/7").cacheStatus()).isNull();
        assertThat(http.get("/products/7").text()).contains("render #2");
    }

    @Test
    void aBadPropertyFailsStartUpNamingIt() {
        assertThatThrownBy(() -> start(BootShop.class, "outputcache.redis-url=" + TestRedis.url(),
                "outputcache.rule.pages.grace=five minutes"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m)
                        .contains("property 'outputcache.rule.pages.grace'", "five minutes")));
    }

    @Test
    void bootReportsTheBadPropertyInsteadOfAStackOfBeanErrors() {
        Throwable failure = null;
        try {
            start(BootShop.class, "outputcache.redis-url=" + TestRedis.url(), "outputcache.rule.pages.grace=five minutes");
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new OutputCacheFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).startsWith("The output cache is misconfigured: property "
                + "'outputcache.rule.pages.grace' (init-param 'rule.pages.grace'").contains("'five minutes'");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
