package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.config.KeySpace;
import io.outputcache.config.LeakGuardSettings;
import io.outputcache.config.FieldNames;
import io.outputcache.config.NearCacheSettings;
import io.outputcache.config.ProxyHeaders;
import io.outputcache.config.PurgeSettings;
import io.outputcache.config.RedisSettings;
import io.outputcache.config.Resilience;
import io.outputcache.store.PageStore;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.outputcache.BuilderChecks.bytes;
import static io.outputcache.BuilderChecks.nearCacheNeedsRedis;
import static io.outputcache.BuilderChecks.notNull;
import static io.outputcache.BuilderChecks.or;
import static io.outputcache.BuilderChecks.targetedField;
import static io.outputcache.BuilderChecks.unset;

/**
 * The whole configuration of one {@link OutputCacheFilter}, immutable, built once with {@link #builder()} (the
 * filter's {@code web.xml} init-params are mapped onto the same builder). Its parts are the records of
 * {@link io.outputcache.config}; the flat accessors of {@link FlatSettings} (such as {@code storeTimeout()}) read
 * those. {@link #toString()} shows every setting, never a password.
 *
 * @param rules             the rules, in the order they are tried
 * @param storeType         Redis or this JVM's memory, when no store or client is given
 * @param store             a store given in code, used as is (the other store settings are then ignored)
 * @param redissonClient    a Redisson client given in code; the filter uses it and does not shut it down
 * @param memoryMaxSize     bound, in bytes, of the in-process memory store
 * @param redis             where and how the Redis store connects
 * @param keySpace          the prefix of every Redis key this filter writes, and the hosts that get keys
 * @param maxBodySize       largest body that is buffered and stored
 * @param compressMinSize   bodies smaller than this are stored uncompressed
 * @param resilience        timings of store calls, render waits, leases and the circuit breaker
 * @param cacheStatusName   the cache's name in {@code Cache-Status} (RFC 9211)
 * @param debugHeaders      whether {@code Cache-Status} carries a {@code detail} saying why
 * @param clock             the clock of freshness decisions
 * @param proxyHeaders      the forwarding headers that are keyed and the override headers that bypass
 * @param leakGuardSettings what the leak guard looks for
 * @param shadow            whether every rule runs in shadow mode (see {@link CacheRule.Builder#shadow(boolean)})
 * @param targetedCacheControl the site's own targeted cache control field (RFC 9213), read before
 *                          {@code CDN-Cache-Control} in HTTP mode and removed from responses; empty for none
 * @param tagsHeader        the response header whose tags the page is stored under, removed from every response
 *                          (lower-cased; e.g. {@code surrogate-key}); empty for none
 * @param purge             the purge endpoint; empty when it is off
 * @param nearCache         the near cache in front of the Redis store; empty (the default) for none
 * @param asyncStoreReads   whether a page lookup that goes to the store returns the request thread while it waits
 *                          (the filter must then be mapped for ASYNC dispatches too; see
 *                          {@link OutputCacheFilter#dispatcherTypes()})
 */
public record OutputCacheConfig(List<CacheRule> rules, StoreType storeType, Optional<PageStore> store,
                                Optional<RedissonClient> redissonClient, long memoryMaxSize, RedisSettings redis,
                                KeySpace keySpace, long maxBodySize, long compressMinSize,
                                Resilience resilience, String cacheStatusName, boolean debugHeaders, Clock clock,
                                ProxyHeaders proxyHeaders, LeakGuardSettings leakGuardSettings, boolean shadow,
                                Optional<String> targetedCacheControl, Optional<String> tagsHeader,
                                Optional<PurgeSettings> purge, Optional<NearCacheSettings> nearCache,
                                boolean asyncStoreReads)
        implements FlatSettings {

    /** Where entries are kept when no {@link PageStore} is given. */
    public enum StoreType {
        /** Redis, through Redisson: shared by every node. */
        REDIS,
        /** In this JVM only (Caffeine, bounded by weight): for one node, tests and demos. */
        MEMORY
    }

    /** How the Redis servers in {@code redis-url} are deployed (see {@link io.outputcache.config.RedisTopology}). */
    public enum RedisMode { STANDALONE, CLUSTER, SENTINEL }

    public OutputCacheConfig {
        if (rules == null || rules.isEmpty()) {
            throw new InvalidConfigurationException("at least one rule is needed: a filter without rules caches nothing");
        }
        rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rule that applies to a path within the application, if any (first match wins). */
    public Optional<CacheRule> ruleFor(String path) {
        for (CacheRule rule : rules) {
            if (rule.matches(path)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return ConfigText.describe(this);
    }

    /**
     * Collects the settings, Caffeine-style: each setter checks its argument at once and may be called once (a URL's
     * credentials count as {@code redis-username} / {@code redis-password}); a list setter replaces the default list;
     * {@link #build()} checks the combination. Every failure is an {@link InvalidConfigurationException} naming the
     * option as its init-param is spelt. See docs/configuration.md for each option's name, default and meaning.
     */
    public static final class Builder extends RedisAndResilienceSetters<Builder> {
        private final List<CacheRule> rules = new ArrayList<>();
        private final ProxyHeaders.Builder proxyHeaders = ProxyHeaders.builder();
        private final LeakGuardSettings.Builder leakGuard = LeakGuardSettings.builder();
        private final KeySpace.Builder keySpace = KeySpace.builder();
        private StoreType storeType;
        private PageStore store;
        private RedissonClient redissonClient;
        private Long memoryMaxSize;
        private Long maxBodySize;
        private Long compressMinSize;
        private String cacheStatusName;
        private Boolean debugHeaders;
        private Boolean asyncStoreReads;
        private Clock clock;
        private Boolean shadow;
        private String targetedCacheControl;
        private String tagsHeader;
        private final PurgeSettings.Builder purge = PurgeSettings.builder();
        private Long nearCacheMaxSize;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Adds a rule; rules are tried in the order they were added and the first match wins. */
        public Builder rule(CacheRule rule) {
            rules.add(BuilderChecks.newRule(rules, rule));
            return this;
        }

        /** All the rules at once, in the order to try them; fails when rules were already added. */
        public Builder rules(Collection<CacheRule> rules) {
            unset("rules", this.rules.isEmpty() ? null : this.rules.stream().map(CacheRule::name).toList());
            rules.forEach(this::rule);
            return this;
        }

        public Builder storeType(StoreType type) {
            unset("store", storeType);
            this.storeType = notNull("store", type);
            return this;
        }

        /** Uses this store (e.g. one shared with the fragment cache of another filter); the filter closes it on destroy. */
        public Builder store(PageStore store) {
            unset("store", this.store == null ? null : this.store.describe());
            this.store = notNull("store", store);
            return this;
        }

        /** Uses an existing Redisson client, configured and owned by the application. */
        public Builder redissonClient(RedissonClient client) {
            unset("redissonClient", redissonClient);
            this.redissonClient = notNull("redissonClient", client);
            return this;
        }

        /** Upper bound, in bytes, of the in-process memory store. */
        public Builder memoryMaxSize(long bytes) {
            unset("memory-max-size", memoryMaxSize);
            this.memoryMaxSize = bytes("memory-max-size", bytes, bytes >= 1024, "at least 1KiB");
            return this;
        }

        /** Prefix of every Redis key this filter writes; give each application its own. */
        public Builder keyPrefix(String prefix) {
            keySpace.prefix(prefix);
            return this;
        }

        /** Host names that may be cached; a request for any other host bypasses the cache. */
        public Builder allowedHosts(String... hosts) {
            return allowedHosts(List.of(hosts));
        }

        public Builder allowedHosts(Collection<String> hosts) {
            keySpace.allowedHosts(hosts);
            return this;
        }

        /** Largest body that is buffered and stored; a larger one streams to the client and is not stored. */
        public Builder maxBodySize(long bytes) {
            unset("max-body-size", maxBodySize);
            this.maxBodySize = bytes("max-body-size", bytes, bytes >= 1 && bytes <= Integer.MAX_VALUE - 8,
                    "between 1 and 2GiB");
            return this;
        }

        /** Bodies smaller than this are stored uncompressed: gzip would not pay for itself. */
        public Builder compressMinSize(long bytes) {
            unset("compress-min-size", compressMinSize);
            this.compressMinSize = bytes("compress-min-size", bytes, bytes >= 0, "at least 0");
            return this;
        }

        /** The cache's name in the {@code Cache-Status} header (RFC 9211). */
        public Builder cacheStatusName(String name) {
            unset("cache-status-name", cacheStatusName);
            this.cacheStatusName = BuilderChecks.cacheStatusName(name);
            return this;
        }

        /** Adds {@code detail} to {@code Cache-Status} saying why a response was not stored or a request bypassed. */
        public Builder debugHeaders(boolean debug) {
            unset("debug-headers", debugHeaders);
            this.debugHeaders = debug;
            return this;
        }

        /**
         * Whether a page lookup that has to wait for the store gives the request thread back meanwhile
         * ({@code request.startAsync()}): a fresh hit is then written from the container's pool when the read
         * completes, anything else continues on an ASYNC dispatch. Needs the filter mapped for REQUEST and ASYNC
         * dispatches and an async-supported chain; a request whose chain is not async-supported is served as
         * without it. Off by default.
         */
        public Builder asyncStoreReads(boolean async) {
            unset("async-store-reads", asyncStoreReads);
            this.asyncStoreReads = async;
            return this;
        }

        /** Request header fields whose values are added to every key, replacing the defaults; empty keys none. */
        public Builder keyedForwardingHeaders(Collection<String> names) {
            proxyHeaders.keyed(names);
            return this;
        }

        /** Request header fields whose presence makes a request bypass the cache, replacing the defaults. */
        public Builder bypassHeaders(Collection<String> names) {
            proxyHeaders.bypass(names);
            return this;
        }

        /** Turns the leak guard on (the default) or off. */
        public Builder leakGuard(boolean on) {
            leakGuard.enabled(on);
            return this;
        }

        /** Cookies whose values the leak guard looks for in a body (replacing the defaults JSESSIONID, XSRF-TOKEN). */
        public Builder leakGuardCookies(Collection<String> names) {
            leakGuard.cookies(names);
            return this;
        }

        /** Request header fields whose values the leak guard looks for (replacing X-CSRF-TOKEN, X-XSRF-TOKEN). */
        public Builder leakGuardHeaders(Collection<String> names) {
            leakGuard.headers(names);
            return this;
        }

        /** Request attributes whose character-sequence values the leak guard looks for (replacing {@code _csrf}). */
        public Builder leakGuardAttributes(Collection<String> names) {
            leakGuard.attributes(names);
            return this;
        }

        /** Shortest value the leak guard looks for (default 4); shorter ones occur in pages by chance. */
        public Builder leakGuardMinLength(int chars) {
            leakGuard.minLength(chars);
            return this;
        }

        /** Runs every rule in shadow mode: pages are keyed, looked up and stored, but every client gets a fresh render. */
        public Builder shadow(boolean on) {
            unset("shadow", shadow);
            this.shadow = on;
            return this;
        }

        /**
         * A targeted cache control field of the site's own (RFC 9213), e.g. {@code OutputCache-Control}: in HTTP
         * mode it is read before {@code CDN-Cache-Control}, and it is never passed on to clients.
         */
        public Builder targetedCacheControl(String fieldName) {
            unset("targeted-cache-control", targetedCacheControl);
            this.targetedCacheControl = targetedField("targeted-cache-control", fieldName);
            return this;
        }

        /** A response header of tags (e.g. {@code Surrogate-Key}, {@code xkey}) for the store; never sent on. */
        public Builder tagsHeader(String fieldName) {
            unset("tags-header", tagsHeader);
            this.tagsHeader = FieldNames.header("tags-header", fieldName);
            return this;
        }

        /** The purge endpoint, e.g. {@code purge(p -> p.path("/_outputcache/purge").token(secret))}; off by default. */
        public Builder purge(Consumer<PurgeSettings.Builder> settings) {
            notNull("purge", settings).accept(purge);
            return this;
        }

        /**
         * Turns the near cache on: entries read from Redis are kept in this JVM, up to this many bytes, and dropped
         * on every node when they are replaced or invalidated. Needs the Redis store and Caffeine on the classpath.
         */
        public Builder nearCacheMaxSize(long bytes) {
            unset("near-cache-max-size", nearCacheMaxSize);
            this.nearCacheMaxSize = bytes("near-cache-max-size", bytes, bytes >= 1024, "at least 1KiB");
            return this;
        }

        /** The clock of freshness decisions; exists to facilitate testing. */
        public Builder clock(Clock clock) {
            unset("clock", this.clock);
            this.clock = notNull("clock", clock);
            return this;
        }

        /** Checks the combination (at least one rule; the Redis deployment; store-timeout below render-timeout). */
        public OutputCacheConfig build() {
            nearCacheNeedsRedis(nearCacheMaxSize != null, storeType == StoreType.MEMORY && store == null
                    && redissonClient == null);
            return new OutputCacheConfig(rules, or(storeType, StoreType.REDIS), Optional.ofNullable(store),
                    Optional.ofNullable(redissonClient), or(memoryMaxSize, 64L * 1024 * 1024), redis.build(),
                    keySpace.build(), or(maxBodySize, 1024L * 1024),
                    or(compressMinSize, 256L), resilience.build(), or(cacheStatusName, "outputcache"),
                    or(debugHeaders, false), or(clock, Clock.systemUTC()), proxyHeaders.build(), leakGuard.build(),
                    or(shadow, false), Optional.ofNullable(targetedCacheControl), Optional.ofNullable(tagsHeader),
                    purge.isSet() ? Optional.of(purge.build()) : Optional.empty(),
                    Optional.ofNullable(nearCacheMaxSize).map(NearCacheSettings::ofMaxSize),
                    or(asyncStoreReads, false));
        }
    }
}
