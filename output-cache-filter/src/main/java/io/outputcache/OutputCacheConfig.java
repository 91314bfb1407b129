package io.outputcache;

import io.outputcache.internal.config.ConfigValues;
import io.outputcache.internal.config.InitParameters;
import io.outputcache.store.PageStore;
import org.redisson.api.RedissonClient;

import java.net.IDN;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration of one {@link OutputCacheFilter}: immutable, built once with {@link #builder()} or
 * parsed from {@code web.xml} init-params with {@link #fromInitParameters(Map)} (which maps the kebab-case names
 * onto the same builder). {@link #toString()} shows every setting, never a password.
 */
public final class OutputCacheConfig {

    /** Where entries are kept when no {@link PageStore} is given. */
    public enum StoreType {
        /** Redis, through Redisson: shared by every node. */
        REDIS,
        /** In this JVM only (Caffeine, bounded by weight): for one node, tests and demos. */
        MEMORY
    }

    /** How the Redis servers in {@code redis-url} are deployed. */
    public enum RedisMode {
        STANDALONE, CLUSTER, SENTINEL
    }

    private final List<CacheRule> rules;
    private final StoreType storeType;
    private final Optional<PageStore> store;
    private final Optional<RedissonClient> redissonClient;
    private final List<String> redisUrls;
    private final RedisMode redisMode;
    private final Optional<String> redisUsername;
    private final Optional<String> redisPassword;
    private final int redisDatabase;
    private final Optional<String> redisSentinelMaster;
    private final Optional<Path> redissonConfigFile;
    private final Duration redisConnectTimeout;
    private final String keyPrefix;
    private final Set<String> allowedHosts;
    private final long maxBodySize;
    private final long compressMinSize;
    private final long memoryMaxSize;
    private final Duration storeTimeout;
    private final Duration coalesceWait;
    private final Duration renderTimeout;
    private final int breakerFailureThreshold;
    private final Duration breakerOpenDuration;
    private final Duration errorLogInterval;
    private final String cacheStatusName;
    private final boolean debugHeaders;
    private final Clock clock;
    // Security settings (docs/security.md).
    private final List<String> keyedForwardingHeaders;
    private final List<String> bypassHeaders;
    private final boolean leakGuard;
    private final List<String> leakGuardCookies;
    private final List<String> leakGuardHeaders;
    private final List<String> leakGuardAttributes;
    private final int leakGuardMinLength;
    private final boolean shadow;

    private OutputCacheConfig(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.storeType = b.storeType;
        this.store = b.store;
        this.redissonClient = b.redissonClient;
        this.redisUrls = List.copyOf(b.redisUrls);
        this.redisMode = b.redisMode;
        this.redisUsername = b.redisUsername;
        this.redisPassword = b.redisPassword;
        this.redisDatabase = b.redisDatabase;
        this.redisSentinelMaster = b.redisSentinelMaster;
        this.redissonConfigFile = b.redissonConfigFile;
        this.redisConnectTimeout = b.redisConnectTimeout;
        this.keyPrefix = b.keyPrefix;
        this.allowedHosts = Set.copyOf(b.allowedHosts);
        this.maxBodySize = b.maxBodySize;
        this.compressMinSize = b.compressMinSize;
        this.memoryMaxSize = b.memoryMaxSize;
        this.storeTimeout = b.storeTimeout;
        this.coalesceWait = b.coalesceWait;
        this.renderTimeout = b.renderTimeout;
        this.breakerFailureThreshold = b.breakerFailureThreshold;
        this.breakerOpenDuration = b.breakerOpenDuration;
        this.errorLogInterval = b.errorLogInterval;
        this.cacheStatusName = b.cacheStatusName;
        this.debugHeaders = b.debugHeaders;
        this.clock = b.clock;
        this.keyedForwardingHeaders = List.copyOf(b.keyedForwardingHeaders);
        this.bypassHeaders = List.copyOf(b.bypassHeaders);
        this.leakGuard = b.leakGuard;
        this.leakGuardCookies = List.copyOf(b.leakGuardCookies);
        this.leakGuardHeaders = List.copyOf(b.leakGuardHeaders);
        this.leakGuardAttributes = List.copyOf(b.leakGuardAttributes);
        this.leakGuardMinLength = b.leakGuardMinLength;
        this.shadow = b.shadow;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code web.xml}-style init-params. An unknown name, or a value that does not parse, fails with a
     * message naming the parameter and what it accepts.
     */
    public static OutputCacheConfig fromInitParameters(Map<String, String> params) {
        return InitParameters.parse(params).build();
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

    public List<CacheRule> rules() {
        return rules;
    }

    public StoreType storeType() {
        return storeType;
    }

    /** A store given in code; when present it is used as is and the Redis settings are ignored. */
    public Optional<PageStore> store() {
        return store;
    }

    /** A Redisson client given in code; the filter uses it and does not shut it down. */
    public Optional<RedissonClient> redissonClient() {
        return redissonClient;
    }

    public List<String> redisUrls() {
        return redisUrls;
    }

    public RedisMode redisMode() {
        return redisMode;
    }

    public Optional<String> redisUsername() {
        return redisUsername;
    }

    public Optional<String> redisPassword() {
        return redisPassword;
    }

    public int redisDatabase() {
        return redisDatabase;
    }

    public Optional<String> redisSentinelMaster() {
        return redisSentinelMaster;
    }

    public Optional<Path> redissonConfigFile() {
        return redissonConfigFile;
    }

    public Duration redisConnectTimeout() {
        return redisConnectTimeout;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** Host names (lower-case) whose requests may be cached; empty means every host, each keyed separately. */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    public long maxBodySize() {
        return maxBodySize;
    }

    public long compressMinSize() {
        return compressMinSize;
    }

    public long memoryMaxSize() {
        return memoryMaxSize;
    }

    public Duration storeTimeout() {
        return storeTimeout;
    }

    public Duration coalesceWait() {
        return coalesceWait;
    }

    public Duration renderTimeout() {
        return renderTimeout;
    }

    public int breakerFailureThreshold() {
        return breakerFailureThreshold;
    }

    public Duration breakerOpenDuration() {
        return breakerOpenDuration;
    }

    public Duration errorLogInterval() {
        return errorLogInterval;
    }

    public String cacheStatusName() {
        return cacheStatusName;
    }

    public boolean debugHeaders() {
        return debugHeaders;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Request header fields (lower-case) that frameworks and containers use to rebuild the request URL behind a
     * proxy; their values become part of every key, so a forged one can only reach its own entry.
     */
    public List<String> keyedForwardingHeaders() {
        return keyedForwardingHeaders;
    }

    /** Request header fields (lower-case) that make a request bypass the cache: they can rewrite what is served. */
    public List<String> bypassHeaders() {
        return bypassHeaders;
    }

    /** Whether a body containing this user's session id, principal name, CSRF token or per-user cookie is refused. */
    public boolean leakGuard() {
        return leakGuard;
    }

    /** Cookies whose values belong to one user (besides the container's session cookie). */
    public List<String> leakGuardCookies() {
        return leakGuardCookies;
    }

    /** Request header fields whose values belong to one user (CSRF tokens sent by scripts). */
    public List<String> leakGuardHeaders() {
        return leakGuardHeaders;
    }

    /** Request attributes whose (character sequence) values belong to one user, e.g. a CSRF token. */
    public List<String> leakGuardAttributes() {
        return leakGuardAttributes;
    }

    /** Values shorter than this are not looked for: they occur in ordinary pages by chance. */
    public int leakGuardMinLength() {
        return leakGuardMinLength;
    }

    /** Whether every rule runs in shadow mode (see {@link CacheRule.Builder#shadow(boolean)}). */
    public boolean shadow() {
        return shadow;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("OutputCacheConfig{rules=").append(rules);
        if (store.isPresent()) {
            sb.append(", store=").append(store.get().describe());
        } else if (redissonClient.isPresent()) {
            sb.append(", store=redis (given RedissonClient)");
        } else if (storeType == StoreType.MEMORY) {
            sb.append(", store=memory, memory-max-size=").append(memoryMaxSize);
        } else {
            sb.append(", store=redis, redis-url=").append(redisUrls)
                    .append(", redis-mode=").append(redisMode.name().toLowerCase(Locale.ROOT));
            redisUsername.ifPresent(u -> sb.append(", redis-username=").append(u));
            redisPassword.ifPresent(p -> sb.append(", redis-password=****"));
            sb.append(", redis-database=").append(redisDatabase);
            redisSentinelMaster.ifPresent(m -> sb.append(", redis-sentinel-master=").append(m));
            redissonConfigFile.ifPresent(f -> sb.append(", redisson-config=").append(f));
            sb.append(", redis-connect-timeout=").append(ConfigValues.format(redisConnectTimeout));
        }
        return sb.append(", key-prefix=").append(keyPrefix)
                .append(", allowed-hosts=").append(allowedHosts.isEmpty() ? "(any)" : allowedHosts)
                .append(", max-body-size=").append(maxBodySize)
                .append(", compress-min-size=").append(compressMinSize)
                .append(", store-timeout=").append(ConfigValues.format(storeTimeout))
                .append(", coalesce-wait=").append(ConfigValues.format(coalesceWait))
                .append(", render-timeout=").append(ConfigValues.format(renderTimeout))
                .append(", breaker-failure-threshold=").append(breakerFailureThreshold)
                .append(", breaker-open-duration=").append(ConfigValues.format(breakerOpenDuration))
                .append(", error-log-interval=").append(ConfigValues.format(errorLogInterval))
                .append(", cache-status-name=").append(cacheStatusName)
                .append(debugHeaders ? ", debug-headers" : "")
                .append(", keyed-forwarding-headers=").append(keyedForwardingHeaders)
                .append(", bypass-headers=").append(bypassHeaders)
                .append(", leak-guard=").append(leakGuard)
                .append(leakGuard ? ", leak-guard-cookies=" + leakGuardCookies + ", leak-guard-headers="
                        + leakGuardHeaders + ", leak-guard-attributes=" + leakGuardAttributes
                        + ", leak-guard-min-length=" + leakGuardMinLength : "")
                .append(shadow ? ", shadow" : "")
                .append('}').toString();
    }

    /**
     * Collects the settings. Setters check their argument at once; {@link #build()} checks the combination.
     * See {@code docs/configuration.md} for each option's init-param name, default and meaning.
     */
    public static final class Builder {
        private final List<CacheRule> rules = new ArrayList<>();
        private StoreType storeType = StoreType.REDIS;
        private Optional<PageStore> store = Optional.empty();
        private Optional<RedissonClient> redissonClient = Optional.empty();
        private List<String> redisUrls = List.of("redis://127.0.0.1:6379");
        private RedisMode redisMode = RedisMode.STANDALONE;
        private Optional<String> redisUsername = Optional.empty();
        private Optional<String> redisPassword = Optional.empty();
        private int redisDatabase;
        private Optional<String> redisSentinelMaster = Optional.empty();
        private Optional<Path> redissonConfigFile = Optional.empty();
        private Duration redisConnectTimeout = Duration.ofSeconds(2);
        private String keyPrefix = "oc";
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private long maxBodySize = 1024 * 1024;
        private long compressMinSize = 256;
        private long memoryMaxSize = 64L * 1024 * 1024;
        private Duration storeTimeout = Duration.ofMillis(150);
        private Duration coalesceWait = Duration.ofSeconds(5);
        private Duration renderTimeout = Duration.ofSeconds(30);
        private int breakerFailureThreshold = 5;
        private Duration breakerOpenDuration = Duration.ofSeconds(5);
        private Duration errorLogInterval = Duration.ofSeconds(10);
        private String cacheStatusName = "outputcache";
        private boolean debugHeaders;
        private Clock clock = Clock.systemUTC();
        private List<String> keyedForwardingHeaders = List.of("forwarded", "x-forwarded-host", "x-forwarded-proto",
                "x-forwarded-scheme", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-forwarded-ssl",
                "x-host", "front-end-https");
        private List<String> bypassHeaders = List.of("x-original-url", "x-rewrite-url", "x-http-method-override",
                "x-http-method", "x-method-override");
        private boolean leakGuard = true;
        private List<String> leakGuardCookies = List.of("JSESSIONID", "XSRF-TOKEN");
        private List<String> leakGuardHeaders = List.of("x-csrf-token", "x-xsrf-token");
        private List<String> leakGuardAttributes = List.of("_csrf");
        private int leakGuardMinLength = 4;
        private boolean shadow;

        private Builder() {
        }

        /** Adds a rule; rules are tried in the order they were added and the first match wins. */
        public Builder rule(CacheRule rule) {
            if (rule == null) {
                throw new IllegalArgumentException("rule must not be null");
            }
            if (rules.stream().anyMatch(r -> r.name().equals(rule.name()))) {
                throw new IllegalArgumentException("rule names must be unique but '" + rule.name() + "' was added twice");
            }
            rules.add(rule);
            return this;
        }

        public Builder rules(Collection<CacheRule> rules) {
            rules.forEach(this::rule);
            return this;
        }

        public Builder storeType(StoreType type) {
            if (type == null) {
                throw new IllegalArgumentException("store must not be null");
            }
            this.storeType = type;
            return this;
        }

        /** Uses this store (e.g. one shared with the fragment cache of another filter); the filter closes it on destroy. */
        public Builder store(PageStore store) {
            if (store == null) {
                throw new IllegalArgumentException("store must not be null");
            }
            if (this.store.isPresent()) {
                throw new IllegalStateException("store was already set to " + this.store.get().describe());
            }
            this.store = Optional.of(store);
            return this;
        }

        /** Uses an existing Redisson client, configured and owned by the application. */
        public Builder redissonClient(RedissonClient client) {
            if (client == null) {
                throw new IllegalArgumentException("redissonClient must not be null");
            }
            this.redissonClient = Optional.of(client);
            return this;
        }

        /**
         * One or more Redis addresses: {@code redis://host:6379} or {@code rediss://host:6380} for TLS. Credentials in
         * the URL ({@code redis://user:secret@host}) are moved into the username/password settings and never logged.
         */
        public Builder redisUrl(String... urls) {
            return redisUrls(List.of(urls));
        }

        public Builder redisUrls(Collection<String> urls) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("redis-url must name at least one server");
            }
            List<String> clean = new ArrayList<>();
            for (String url : urls) {
                clean.add(RedisUrls.stripCredentials(url, this));
            }
            this.redisUrls = clean;
            return this;
        }

        public Builder redisMode(RedisMode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("redis-mode must not be null");
            }
            this.redisMode = mode;
            return this;
        }

        public Builder redisUsername(String username) {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("redis-username must not be empty");
            }
            this.redisUsername = Optional.of(username);
            return this;
        }

        public Builder redisPassword(String password) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("redis-password must not be empty");
            }
            this.redisPassword = Optional.of(password);
            return this;
        }

        public Builder redisDatabase(int database) {
            if (database < 0) {
                throw new IllegalArgumentException("redis-database must not be negative but was " + database);
            }
            this.redisDatabase = database;
            return this;
        }

        public Builder redisSentinelMaster(String masterName) {
            if (masterName == null || masterName.isBlank()) {
                throw new IllegalArgumentException("redis-sentinel-master must not be empty");
            }
            this.redisSentinelMaster = Optional.of(masterName);
            return this;
        }

        /** A Redisson YAML configuration file, for settings this builder does not cover. */
        public Builder redissonConfigFile(Path file) {
            if (file == null) {
                throw new IllegalArgumentException("redisson-config must not be null");
            }
            this.redissonConfigFile = Optional.of(file);
            return this;
        }

        public Builder redisConnectTimeout(Duration timeout) {
            this.redisConnectTimeout = positive("redis-connect-timeout", timeout);
            return this;
        }

        /** Prefix of every Redis key this filter writes; give each application its own. */
        public Builder keyPrefix(String prefix) {
            if (prefix == null || !prefix.matches("[A-Za-z0-9_.{}-]{1,64}")) {
                throw new IllegalArgumentException("key-prefix must be 1-64 letters, digits or one of _ . - { } but was '"
                        + prefix + "'");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /** Host names that may be cached; a request for any other host bypasses the cache. */
        public Builder allowedHosts(String... hosts) {
            return allowedHosts(List.of(hosts));
        }

        public Builder allowedHosts(Collection<String> hosts) {
            for (String host : hosts) {
                if (host == null || host.isBlank() || host.contains("/") || host.contains(":") && !host.startsWith("[")) {
                    throw new IllegalArgumentException("allowed-hosts must be host names without scheme or port but got '"
                            + host + "'");
                }
                allowedHosts.add(IDN.toASCII(host.trim()).toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Largest body that is buffered and stored; a larger one streams to the client and is not stored. */
        public Builder maxBodySize(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("max-body-size must be between 1 and 2GiB but was " + bytes);
            }
            this.maxBodySize = bytes;
            return this;
        }

        /** Bodies smaller than this are stored uncompressed: gzip would not pay for itself. */
        public Builder compressMinSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("compress-min-size must not be negative but was " + bytes);
            }
            this.compressMinSize = bytes;
            return this;
        }

        /** Upper bound, in bytes, of the in-process memory store. */
        public Builder memoryMaxSize(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("memory-max-size must be at least 1KiB but was " + bytes);
            }
            this.memoryMaxSize = bytes;
            return this;
        }

        /** How long a request waits for one store call before treating it as a miss. */
        public Builder storeTimeout(Duration timeout) {
            this.storeTimeout = positive("store-timeout", timeout);
            return this;
        }

        /** How long a request waits for another request's render of the same page before rendering itself. */
        public Builder coalesceWait(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException("coalesce-wait must not be negative but was " + wait);
            }
            this.coalesceWait = wait;
            return this;
        }

        /** The longest a render may hold its lease; after this another node may render the same page. */
        public Builder renderTimeout(Duration timeout) {
            this.renderTimeout = positive("render-timeout", timeout);
            return this;
        }

        /** Consecutive store failures that open the circuit breaker. */
        public Builder breakerFailureThreshold(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("breaker-failure-threshold must be at least 1 but was " + failures);
            }
            this.breakerFailureThreshold = failures;
            return this;
        }

        /** How long the breaker stays open before one probe is let through. */
        public Builder breakerOpenDuration(Duration duration) {
            this.breakerOpenDuration = positive("breaker-open-duration", duration);
            return this;
        }

        /** Each distinct store error is logged at most once in this interval. */
        public Builder errorLogInterval(Duration interval) {
            this.errorLogInterval = positive("error-log-interval", interval);
            return this;
        }

        /** The cache's name in the {@code Cache-Status} header (RFC 9211). */
        public Builder cacheStatusName(String name) {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("cache-status-name must be a token such as 'outputcache' but was '"
                        + name + "'");
            }
            this.cacheStatusName = name;
            return this;
        }

        /** Adds {@code detail} to {@code Cache-Status} saying why a response was not stored or a request bypassed. */
        public Builder debugHeaders(boolean debug) {
            this.debugHeaders = debug;
            return this;
        }

        /**
         * Request header fields whose values are added to every key (replacing the defaults): the ones a
         * container or framework may use to rebuild the request URL behind a proxy ({@code Forwarded},
         * {@code X-Forwarded-Host}, {@code X-Forwarded-Proto}, ...). An empty list keys none of them.
         */
        public Builder keyedForwardingHeaders(Collection<String> names) {
            this.keyedForwardingHeaders = headerNames("keyed-forwarding-headers", names);
            return this;
        }

        /**
         * Request header fields whose presence makes a request bypass the cache (replacing the defaults): the
         * ones some frameworks use to override the URL or method ({@code X-Original-URL}, {@code X-Rewrite-URL},
         * {@code X-HTTP-Method-Override}, ...).
         */
        public Builder bypassHeaders(Collection<String> names) {
            this.bypassHeaders = headerNames("bypass-headers", names);
            return this;
        }

        /** Turns the leak guard on (the default) or off. */
        public Builder leakGuard(boolean on) {
            this.leakGuard = on;
            return this;
        }

        /** Cookies whose values the leak guard looks for in a body (replacing the defaults JSESSIONID, XSRF-TOKEN). */
        public Builder leakGuardCookies(Collection<String> names) {
            if (names == null) {
                throw new IllegalArgumentException("leak-guard-cookies must not be null");
            }
            for (String name : names) {
                if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("leak-guard-cookies must be cookie names but got '" + name + "'");
                }
            }
            this.leakGuardCookies = List.copyOf(new LinkedHashSet<>(names));
            return this;
        }

        /** Request header fields whose values the leak guard looks for (replacing X-CSRF-TOKEN, X-XSRF-TOKEN). */
        public Builder leakGuardHeaders(Collection<String> names) {
            this.leakGuardHeaders = headerNames("leak-guard-headers", names);
            return this;
        }

        /**
         * Request attributes whose values the leak guard looks for when they are character sequences (replacing
         * {@code _csrf}); read after the page was rendered.
         */
        public Builder leakGuardAttributes(Collection<String> names) {
            if (names == null) {
                throw new IllegalArgumentException("leak-guard-attributes must not be null");
            }
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("leak-guard-attributes must not contain an empty name");
                }
            }
            this.leakGuardAttributes = List.copyOf(new LinkedHashSet<>(names));
            return this;
        }

        /** Shortest value the leak guard looks for (default 4); shorter ones occur in pages by chance. */
        public Builder leakGuardMinLength(int chars) {
            if (chars < 1 || chars > 1024) {
                throw new IllegalArgumentException("leak-guard-min-length must be between 1 and 1024 but was " + chars);
            }
            this.leakGuardMinLength = chars;
            return this;
        }

        /**
         * Runs every rule in shadow mode: pages are keyed, looked up and stored, but every client gets a fresh
         * render, and the handle counts would-be hits and hits whose stored body differs from the fresh one.
         */
        public Builder shadow(boolean on) {
            this.shadow = on;
            return this;
        }

        private static List<String> headerNames(String option, Collection<String> names) {
            if (names == null) {
                throw new IllegalArgumentException(option + " must not be null");
            }
            Set<String> clean = new LinkedHashSet<>();
            for (String name : names) {
                if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException(option + " must be header field names but got '" + name + "'");
                }
                clean.add(name.toLowerCase(Locale.ROOT));
            }
            return List.copyOf(clean);
        }

        /** The clock of freshness decisions; exists to facilitate testing. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        public OutputCacheConfig build() {
            if (rules.isEmpty()) {
                throw new IllegalStateException("at least one rule is needed: a filter without rules caches nothing");
            }
            if (redisMode == RedisMode.SENTINEL && redisSentinelMaster.isEmpty()) {
                throw new IllegalStateException("redis-mode sentinel needs redis-sentinel-master");
            }
            if (redisMode == RedisMode.STANDALONE && redisUrls.size() > 1) {
                throw new IllegalStateException("redis-url lists " + redisUrls.size()
                        + " servers; set redis-mode to cluster or sentinel, or give one");
            }
            Set<String> schemes = new HashSet<>();
            redisUrls.forEach(u -> schemes.add(u.substring(0, u.indexOf(':'))));
            if (schemes.size() > 1) {
                throw new IllegalStateException("redis-url mixes redis:// and rediss:// " + redisUrls);
            }
            if (storeTimeout.compareTo(renderTimeout) >= 0) {
                throw new IllegalStateException("store-timeout (" + ConfigValues.format(storeTimeout)
                        + ") must be shorter than render-timeout (" + ConfigValues.format(renderTimeout) + ")");
            }
            return new OutputCacheConfig(this);
        }

        private static Duration positive(String option, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(option + " must be positive but was " + d);
            }
            return d;
        }

        /** Package-private hook so {@link RedisUrls} can move credentials out of a URL. */
        void credentialsFromUrl(String username, String password) {
            if (username != null && !username.isEmpty()) {
                this.redisUsername = Optional.of(username);
            }
            if (password != null && !password.isEmpty()) {
                this.redisPassword = Optional.of(password);
            }
        }
    }
}
