package io.outputcache.internal.webxml;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheConfig.RedisMode;
import io.outputcache.OutputCacheConfig.StoreType;
import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.config.RedisCredentialsResolver;
import io.outputcache.config.TlsTrust;
import io.outputcache.internal.config.ConfigValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The init-param parser: maps {@code web.xml} init-params (kebab-case) onto {@link OutputCacheConfig.Builder} and
 * {@link CacheRule.Builder}. Rules are named in {@code rules} (in the order they are tried) and configured with
 * {@code rule.<name>.<option>}. A value may be {@code ${NAME}}, read from the system property or environment
 * variable NAME, so secrets stay out of {@code web.xml}.
 */
public final class InitParameters {

    /** Every filter-level init-param, in documentation order. */
    public static final Map<String, BiConsumer<OutputCacheConfig.Builder, String>> OPTIONS = filterOptions();

    /** Every rule-level option ({@code rule.<name>.<option>}), in documentation order. */
    public static final Map<String, BiConsumer<CacheRule.Builder, String>> RULE_OPTIONS = ruleOptions();

    private static final Pattern RULE_PARAM = Pattern.compile("rule\\.([^.]+)\\.(.+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    private InitParameters() {
    }

    /**
     * Parses the filter's init-params onto a fresh builder.
     *
     * @throws InvalidConfigurationException naming the init-param, for an unknown name or a value that does not parse
     */
    public static OutputCacheConfig.Builder parse(Map<String, String> params) {
        return parse(params, name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        });
    }

    static OutputCacheConfig.Builder parse(Map<String, String> params, UnaryOperator<String> lookup) {
        OutputCacheConfig.Builder builder = OutputCacheConfig.builder();
        Map<String, Map<String, String>> ruleParams = new LinkedHashMap<>();
        List<String> ruleOrder = new ArrayList<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            String value = resolve(name, p.getValue(), lookup);
            Matcher rule = RULE_PARAM.matcher(name);
            if (rule.matches()) {
                if (!RULE_OPTIONS.containsKey(rule.group(2))) {
                    throw new InvalidConfigurationException("unknown init-param '" + name + "': rule options are "
                            + RULE_OPTIONS.keySet());
                }
                ruleParams.computeIfAbsent(rule.group(1), k -> new LinkedHashMap<>()).put(rule.group(2), value);
            } else if (name.equals("rules")) {
                ruleOrder.addAll(ConfigValues.list(value));
            } else if (OPTIONS.containsKey(name)) {
                apply(name, () -> OPTIONS.get(name).accept(builder, value));
            } else {
                throw new InvalidConfigurationException("unknown init-param '" + name + "': known names are "
                        + new TreeSet<>(OPTIONS.keySet()) + " and rule.<name>.<option>");
            }
        }
        Set<String> unlisted = new TreeSet<>(ruleParams.keySet());
        ruleOrder.forEach(unlisted::remove);
        if (!unlisted.isEmpty()) {
            throw new InvalidConfigurationException("init-param 'rules' must list every configured rule in the order to try"
                    + " them; missing " + unlisted);
        }
        for (String ruleName : ruleOrder) {
            Map<String, String> options = ruleParams.get(ruleName);
            if (options == null) {
                throw new InvalidConfigurationException("init-param 'rules' names '" + ruleName
                        + "' but no rule." + ruleName + ".include is set");
            }
            CacheRule.Builder rb = apply("rules", () -> CacheRule.builder(ruleName));
            options.forEach((option, value) ->
                    apply("rule." + ruleName + "." + option, () -> RULE_OPTIONS.get(option).accept(rb, value)));
            apply("rule." + ruleName + ".include", () -> builder.rule(rb.build()));
        }
        return builder;
    }

    /** Runs one setter, prefixing any complaint with the init-param that caused it. */
    private static void apply(String param, Runnable setter) {
        apply(param, () -> {
            setter.run();
            return null;
        });
    }

    private static <T> T apply(String param, Supplier<T> setter) {
        try {
            return setter.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidConfigurationException("init-param '" + param + "': " + e.getMessage(), e);
        }
    }

    private static String resolve(String param, String value, UnaryOperator<String> lookup) {
        if (value == null) {
            throw new InvalidConfigurationException("init-param '" + param + "' has no value");
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = lookup.apply(m.group(1));
            if (resolved == null) {
                throw new InvalidConfigurationException("init-param '" + param + "' refers to ${" + m.group(1)
                        + "}, which is neither a system property nor an environment variable");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString().trim();
    }

    private static Map<String, BiConsumer<OutputCacheConfig.Builder, String>> filterOptions() {
        Map<String, BiConsumer<OutputCacheConfig.Builder, String>> o = new LinkedHashMap<>();
        o.put("store", (b, v) -> b.storeType(switch (v.toLowerCase(Locale.ROOT)) {
            case "redis" -> StoreType.REDIS;
            case "memory" -> StoreType.MEMORY;
            default -> throw new InvalidConfigurationException("store must be one of [redis, memory] but was '" + v + "'");
        }));
        o.put("redis-url", (b, v) -> b.redisUrls(ConfigValues.list(v)));
        o.put("redis-mode", (b, v) -> b.redisMode(switch (v.toLowerCase(Locale.ROOT)) {
            case "standalone" -> RedisMode.STANDALONE;
            case "cluster" -> RedisMode.CLUSTER;
            case "sentinel" -> RedisMode.SENTINEL;
            default -> throw new InvalidConfigurationException("redis-mode must be one of [standalone, cluster, sentinel]"
                    + " but was '" + v + "'");
        }));
        o.put("redis-username", OutputCacheConfig.Builder::redisUsername);
        o.put("redis-password", OutputCacheConfig.Builder::redisPassword);
        o.put("redis-database", (b, v) -> b.redisDatabase(ConfigValues.integer("redis-database", v)));
        o.put("redis-sentinel-master", OutputCacheConfig.Builder::redisSentinelMaster);
        o.put("redis-credentials-resolver", (b, v) -> b.redis(r -> r.credentialsResolver(
                Instances.of(v, RedisCredentialsResolver.class))));
        o.put("redis-trust-store", (b, v) -> b.redis(r -> r.trustStore(Path.of(v))));
        o.put("redis-trust-store-password", (b, v) -> b.redis(r -> r.trustStorePassword(v)));
        o.put("redis-ca-pem", (b, v) -> b.redis(r -> r.caPem(Path.of(v))));
        o.put("redis-tls-verification", (b, v) -> b.redis(r -> r.tlsVerification(switch (v.toLowerCase(Locale.ROOT)) {
            case "strict" -> TlsTrust.Verification.STRICT;
            case "ca-only" -> TlsTrust.Verification.CA_ONLY;
            default -> throw new InvalidConfigurationException("redis-tls-verification must be one of [strict, ca-only]"
                    + " but was '" + v + "'");
        })));
        o.put("redisson-config", (b, v) -> b.redissonConfigFile(Path.of(v)));
        o.put("redis-connect-timeout", (b, v) -> b.redisConnectTimeout(ConfigValues.duration("redis-connect-timeout", v)));
        o.put("key-prefix", OutputCacheConfig.Builder::keyPrefix);
        o.put("allowed-hosts", (b, v) -> b.allowedHosts(ConfigValues.list(v)));
        o.put("max-body-size", (b, v) -> b.maxBodySize(ConfigValues.size("max-body-size", v)));
        o.put("compress-min-size", (b, v) -> b.compressMinSize(ConfigValues.size("compress-min-size", v)));
        o.put("memory-max-size", (b, v) -> b.memoryMaxSize(ConfigValues.size("memory-max-size", v)));
        o.put("near-cache-max-size", (b, v) -> b.nearCacheMaxSize(ConfigValues.size("near-cache-max-size", v)));
        o.put("store-timeout", (b, v) -> b.storeTimeout(ConfigValues.duration("store-timeout", v)));
        o.put("coalesce-wait", (b, v) -> b.coalesceWait(ConfigValues.duration("coalesce-wait", v)));
        o.put("render-timeout", (b, v) -> b.renderTimeout(ConfigValues.duration("render-timeout", v)));
        o.put("breaker-failure-threshold",
                (b, v) -> b.breakerFailureThreshold(ConfigValues.integer("breaker-failure-threshold", v)));
        o.put("breaker-open-duration", (b, v) -> b.breakerOpenDuration(ConfigValues.duration("breaker-open-duration", v)));
        o.put("error-log-interval", (b, v) -> b.errorLogInterval(ConfigValues.duration("error-log-interval", v)));
        o.put("cache-status-name", OutputCacheConfig.Builder::cacheStatusName);
        o.put("debug-headers", (b, v) -> b.debugHeaders(ConfigValues.bool("debug-headers", v)));
        o.put("async-store-reads", (b, v) -> b.asyncStoreReads(ConfigValues.bool("async-store-reads", v)));
        // Security (docs/security.md).
        o.put("keyed-forwarding-headers", (b, v) -> b.keyedForwardingHeaders(ConfigValues.list(v)));
        o.put("bypass-headers", (b, v) -> b.bypassHeaders(ConfigValues.list(v)));
        o.put("leak-guard", (b, v) -> b.leakGuard(ConfigValues.bool("leak-guard", v)));
        o.put("leak-guard-cookies", (b, v) -> b.leakGuardCookies(ConfigValues.list(v)));
        o.put("leak-guard-headers", (b, v) -> b.leakGuardHeaders(ConfigValues.list(v)));
        o.put("leak-guard-attributes", (b, v) -> b.leakGuardAttributes(ConfigValues.list(v)));
        o.put("leak-guard-min-length", (b, v) -> b.leakGuardMinLength(ConfigValues.integer("leak-guard-min-length", v)));
        o.put("shadow", (b, v) -> b.shadow(ConfigValues.bool("shadow", v)));
        o.put("targeted-cache-control", OutputCacheConfig.Builder::targetedCacheControl);
        // Tags from a response header, and the purge endpoint (docs/configuration.md, "Purging").
        o.put("tags-header", OutputCacheConfig.Builder::tagsHeader);
        o.put("purge-path", (b, v) -> b.purge(p -> p.path(v)));
        o.put("purge-token", (b, v) -> b.purge(p -> p.token(v)));
        o.put("purge-token-header", (b, v) -> b.purge(p -> p.tokenHeader(v)));
        o.put("purge-rate-limit", (b, v) -> b.purge(p -> p.rateLimit(ConfigValues.integer("purge-rate-limit", v))));
        return Collections.unmodifiableMap(o);
    }

    private static Map<String, BiConsumer<CacheRule.Builder, String>> ruleOptions() {
        Map<String, BiConsumer<CacheRule.Builder, String>> o = new LinkedHashMap<>();
        o.put("include", (b, v) -> b.include(ConfigValues.list(v)));
        o.put("exclude", (b, v) -> b.exclude(ConfigValues.list(v)));
        o.put("mode", (b, v) -> b.mode(parseMode(v)));
        o.put("ttl", (b, v) -> b.ttl(ConfigValues.duration("ttl", v)));
        o.put("grace", (b, v) -> b.grace(ConfigValues.duration("grace", v)));
        o.put("vary-headers", (b, v) -> b.varyHeaders(ConfigValues.list(v)));
        o.put("vary-cookies", (b, v) -> b.varyCookies(ConfigValues.list(v)));
        o.put("ignored-query-params", (b, v) -> b.ignoredQueryParams(ConfigValues.list(v)));
        o.put("allowed-query-params", (b, v) -> b.allowedQueryParams(ConfigValues.list(v)));
        o.put("max-key-length", (b, v) -> b.maxKeyLength(ConfigValues.integer("max-key-length", v)));
        o.put("cacheable-statuses", (b, v) -> b.cacheableStatuses(
                ConfigValues.list(v).stream().map(s -> ConfigValues.integer("cacheable-statuses", s)).toList()));
        o.put("use-origin-max-age", (b, v) -> b.useOriginMaxAge(ConfigValues.bool("use-origin-max-age", v)));
        o.put("use-origin-stale", (b, v) -> b.useOriginStale(ConfigValues.bool("use-origin-stale", v)));
        o.put("allow-authorized", (b, v) -> b.allowAuthorized(ConfigValues.bool("allow-authorized", v)));
        o.put("same-for-every-user", (b, v) -> b.sameForEveryUser(ConfigValues.bool("same-for-every-user", v)));
        o.put("bypass-signed-in", (b, v) -> b.bypassSignedIn(ConfigValues.bool("bypass-signed-in", v)));
        o.put("store-set-cookie", (b, v) -> b.storeSetCookie(ConfigValues.bool("store-set-cookie", v)));
        o.put("tags", (b, v) -> b.tags(ConfigValues.list(v)));
        o.put("shadow", (b, v) -> b.shadow(ConfigValues.bool("shadow", v)));
        return Collections.unmodifiableMap(o);
    }

    private static CacheMode parseMode(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "output" -> CacheMode.OUTPUT;
            case "http" -> CacheMode.HTTP;
            default -> throw new InvalidConfigurationException("mode must be one of [output, http] but was '" + v + "'");
        };
    }
}
