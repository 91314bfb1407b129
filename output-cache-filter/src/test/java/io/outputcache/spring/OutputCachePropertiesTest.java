package io.outputcache.spring;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.internal.webxml.InitParameters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** How {@code outputcache.*} properties become init-params: YAML, relaxed names, environment variables, errors. */
class OutputCachePropertiesTest {

    /** An environment with these sources only, the first one winning (as Boot orders them). */
    private static StandardEnvironment environment(PropertySource<?>... sources) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        for (PropertySource<?> source : sources) {
            environment.getPropertySources().addLast(source);
        }
        return environment;
    }

    private static PropertySource<?> yaml(String text) throws IOException {
        return new YamlPropertySourceLoader().load("application.yml",
                new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), "application.yml")).get(0);
    }

    private static PropertySource<?> properties(String... pairs) {
        return new MapPropertySource("test", map(pairs));
    }

    /** Environment variables, as Spring Boot reads the process's own. */
    private static PropertySource<?> variables(String... pairs) {
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                map(pairs));
    }

    private static Map<String, Object> map(String... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static final String SHOP_YAML = """
            outputcache:
              redis-url: redis://127.0.0.1:6379
              rules: [pages, static-files]
              rule:
                pages:
                  include:
                    - /
                    - /products/*
                  ttl: 5m
                  vary-headers: Accept-Language
                static-files:
                  include: /assets/*
                  ttl: 1d
            """;

    @Test
    void yamlListsAndNestedMapsBecomeTheFlatInitParams() throws IOException {
        OutputCacheProperties props = OutputCacheProperties.of(environment(yaml(SHOP_YAML)));
        assertThat(props.initParameters()).containsOnly(
                entry("redis-url", "redis://127.0.0.1:6379"),
                entry("rules", "pages, static-files"),
                entry("rule.pages.include", "/, /products/*"),
                entry("rule.pages.ttl", "5m"),
                entry("rule.pages.vary-headers", "Accept-Language"),
                entry("rule.static-files.include", "/assets/*"),
                entry("rule.static-files.ttl", "1d"));
        OutputCacheConfig config = props.toBuilder().build();
        assertThat(config.rules()).extracting(CacheRule::name).containsExactly("pages", "static-files");
    }

    @Test
    void camelCaseAndDashedNamesMeanTheSameInitParam() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(properties(
                "outputcache.storeTimeout", "2s", "outputcache.rule.pages.varyHeaders", "Accept")));
        assertThat(props.initParameters()).containsOnly(entry("store-timeout", "2s"),
                entry("rule.pages.vary-headers", "Accept"));
    }

    @Test
    void environmentVariablesDropTheDashesOfOptionsAndRuleNames() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(variables(
                "OUTPUTCACHE_STORETIMEOUT", "2s",
                "OUTPUTCACHE_RULES", "static-files",
                "OUTPUTCACHE_RULE_STATICFILES_INCLUDE", "/assets/*")));
        assertThat(props.initParameters()).containsOnly(entry("store-timeout", "2s"), entry("rules", "static-files"),
                entry("rule.static-files.include", "/assets/*"));
    }

    @Test
    void anEnvironmentVariableThatNamesNoOptionIsIgnoredNotFatal() {
        // Other programs' variables share the prefix (the test suite's own OUTPUTCACHE_REQUIRE_ALL_TESTS).
        OutputCacheProperties props = OutputCacheProperties.of(environment(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "OUTPUTCACHE_REQUIRE_ALL_TESTS", "true",
                        "OUTPUTCACHE_STORE_TIMEOUT", "2s"))));
        assertThat(props.initParameters()).containsOnly(entry("store-timeout", "2s"));
    }

    @Test
    void anUnknownNameInTheApplicationsOwnPropertiesStillFailsStartUp() {
        assertThatThrownBy(() -> OutputCacheProperties.of(environment(properties(
                "outputcache.store-timout", "2s"))).toBuilder())
                .isInstanceOf(io.outputcache.config.InvalidConfigurationException.class)
                .hasMessageContaining("outputcache.store-timout");
    }

    @Test
    void environmentVariablesMayAlsoSplitAnOptionAtItsDashes() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(variables(
                "OUTPUTCACHE_REDIS_URL", "redis://cache:6379",
                "OUTPUTCACHE_RULES", "static-files",
                "OUTPUTCACHE_RULE_STATIC_FILES_VARY_HEADERS", "Accept")));
        assertThat(props.initParameters()).containsOnly(entry("redis-url", "redis://cache:6379"),
                entry("rules", "static-files"), entry("rule.static-files.vary-headers", "Accept"));
    }

    @Test
    void anUnknownRuleOptionIsRejectedWithTheKnownOnes() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(properties(
                "outputcache.rules", "pages", "outputcache.rule.pages.include", "/", "outputcache.rule.pages.tll", "1m")));
        assertThatThrownBy(props::toBuilder).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("unknown property 'outputcache.rule.pages.tll'")
                .hasMessageContaining("ttl");
    }

    @Test
    void theFirstSourceWinsForAWholeList() throws IOException {
        OutputCacheProperties props = OutputCacheProperties.of(environment(
                properties("outputcache.rule.pages.include", "/only"), yaml(SHOP_YAML)));
        assertThat(props.initParameters()).containsEntry("rule.pages.include", "/only")
                .containsEntry("rule.pages.ttl", "5m");
    }

    @Test
    void springResolvesPlaceholdersAndAMissingOneNamesTheProperty() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(properties(
                "outputcache.redis-url", "${shop.redis:redis://cache.internal:6379}")));
        assertThat(props.initParameters()).containsEntry("redis-url", "redis://cache.internal:6379");
        assertThatThrownBy(() -> OutputCacheProperties.of(environment(properties(
                "outputcache.redis-password", "${SHOP_REDIS_PASSWORD}"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("property 'outputcache.redis-password'")
                .hasMessageContaining("SHOP_REDIS_PASSWORD");
    }

    @Test
    void aBadValueNamesThePropertyAndWhereItWasSet() throws IOException {
        OutputCacheProperties props = OutputCacheProperties.of(environment(yaml(SHOP_YAML.replace("ttl: 5m",
                "ttl: five minutes"))));
        assertThatThrownBy(props::toBuilder).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("property 'outputcache.rule.pages.ttl' (init-param 'rule.pages.ttl', from ")
                .hasMessageContaining("application.yml")
                .hasMessageContaining("was 'five minutes'");
    }

    @Test
    void anUnknownNameIsRejectedWithTheKnownOnes() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(properties(
                "outputcache.stroe-timeout", "1s")));
        assertThatThrownBy(props::toBuilder).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("unknown property 'outputcache.stroe-timeout'")
                .hasMessageContaining("store-timeout");
    }

    @Test
    void enabledAndFilterOrderAreBootsOwnAndNoInitParams() {
        OutputCacheProperties props = OutputCacheProperties.of(environment(properties(
                "outputcache.enabled", "false", "outputcache.filter-order", "-5", "outputcache.rules", "pages")));
        assertThat(props.enabled()).isFalse();
        assertThat(props.filterOrder()).isEqualTo(-5);
        assertThat(props.initParameters()).containsOnlyKeys("rules");
        assertThat(InitParameters.OPTIONS).doesNotContainKeys(OutputCacheProperties.ENABLED,
                OutputCacheProperties.FILTER_ORDER);
        assertThat(OutputCacheProperties.of(environment(properties("outputcache.rules", "pages"))).filterOrder())
                .isEqualTo(OutputCacheProperties.DEFAULT_FILTER_ORDER);
        assertThatThrownBy(() -> OutputCacheProperties.of(environment(properties("outputcache.filter-order", "late"))))
                .hasMessageContaining("property 'outputcache.filter-order'").hasMessageContaining("'late'");
    }

    @Test
    void anApplicationRedissonClientIsUsedUnlessThePropertiesConnectThemselves() {
        assertThat(OutputCacheProperties.of(environment(properties("outputcache.rules", "pages"))).connectsItself())
                .isFalse();
        assertThat(OutputCacheProperties.of(environment(properties("outputcache.redis-url", "redis://r:6379")))
                .connectsItself()).isTrue();
        assertThat(OutputCacheProperties.of(environment(properties("outputcache.redisson-config", "/etc/r.yaml")))
                .connectsItself()).isTrue();
        assertThat(OutputCacheProperties.of(environment(properties("outputcache.store", "memory"))).connectsItself())
                .isTrue();
    }

    @Test
    void theAutoConfigurationWaitsForAnyOutputcacheProperty() {
        assertThat(OutputCacheProperties.anyIn(environment(properties("server.port", "8080")))).isFalse();
        assertThat(OutputCacheProperties.anyIn(environment(properties("outputcache.rules", "pages")))).isTrue();
    }
}
