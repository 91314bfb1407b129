package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.config.KeyShape;
import io.outputcache.config.Lifetime;
import io.outputcache.config.PathScope;
import io.outputcache.config.Sharing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One caching rule: which paths it covers ({@link PathScope}), how responses to them are keyed ({@link KeyShape})
 * and how long they live ({@link Lifetime}), who decides ({@link CacheMode}), and what may be stored. Rules are
 * data; the first rule whose patterns match a request's path applies, and a request that no rule matches passes
 * through the filter untouched.
 *
 * <p>Build with {@link #builder(String)}; see {@link Builder} for the rules every setter follows.
 */
public final class CacheRule {

    /** Query parameters that only trackers read; dropped from keys unless a rule says otherwise. */
    public static final List<String> DEFAULT_IGNORED_QUERY_PARAMS = KeyShape.TRACKING_PARAMS;

    /**
     * Statuses a rule may list in {@link Builder#cacheableStatuses}: those RFC 9110 §15.1 calls heuristically
     * cacheable, i.e. whose meaning does not depend on the request that produced them. The one home of this list.
     */
    public static final Set<Integer> STORABLE_STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

    private final String name;
    private final PathScope scope;
    private final CacheMode mode;
    private final Lifetime lifetime;
    private final KeyShape keyShape;
    private final Set<Integer> cacheableStatuses;
    private final boolean allowAuthorized;
    private final Set<String> tags;
    private final boolean shadow;
    private final Sharing sharing;

    private CacheRule(Builder b, CacheMode mode, PathScope scope, KeyShape keyShape) {
        this.name = b.name;
        this.scope = scope;
        this.mode = mode;
        this.lifetime = b.lifetime.build();
        this.keyShape = keyShape;
        this.cacheableStatuses = Set.copyOf(b.pick(b.cacheableStatuses, r -> r.cacheableStatuses, Set.of(200)));
        this.allowAuthorized = b.pick(b.allowAuthorized, r -> r.allowAuthorized, false);
        this.tags = Set.copyOf(b.pick(b.tags, r -> r.tags, Set.of()));
        this.shadow = b.pick(b.shadow, r -> r.shadow, false);
        this.sharing = b.sharing.build();
    }

    /** Starts a rule; the name appears in {@code Cache-Status} details, logs and metrics. */
    public static Builder builder(String name) {
        return new Builder(name, null);
    }

    /** A builder holding this rule's settings as its defaults, to derive a changed copy: each may be set once more. */
    public Builder toBuilder() {
        return new Builder(name, this);
    }

    /** Whether this rule covers a path (relative to the application's context path). */
    public boolean matches(String path) {
        return scope.matches(path);
    }

    public String name() {
        return name;
    }

    /** The paths this rule covers. */
    public PathScope scope() {
        return scope;
    }

    /** What of a request goes into the key. */
    public KeyShape keyShape() {
        return keyShape;
    }

    /** How long stored pages are fresh, and served stale. */
    public Lifetime lifetime() {
        return lifetime;
    }

    /** The path patterns this rule covers, and those it leaves out (see {@link PathScope}). */
    public List<String> include() {
        return scope.include();
    }

    /** @see #include() */
    public List<String> exclude() {
        return scope.exclude();
    }

    public CacheMode mode() {
        return mode;
    }

    /** How long a stored response is fresh (output mode), unless the origin's max-age is used. */
    public Duration ttl() {
        return lifetime.ttl();
    }

    /** How long after it stops being fresh an entry may still be served while one request refreshes it. */
    public Duration grace() {
        return lifetime.grace();
    }

    /** Request headers, lower-case, whose values are part of the key. */
    public List<String> varyHeaders() {
        return keyShape.varyHeaders();
    }

    /** Cookie names whose values are part of the key. */
    public List<String> varyCookies() {
        return keyShape.varyCookies();
    }

    public List<String> ignoredQueryParams() {
        return keyShape.ignoredQueryParams();
    }

    /** When present, only these query parameters are part of the key; all others are dropped. */
    public Optional<List<String>> allowedQueryParams() {
        return keyShape.allowedQueryParams();
    }

    public Set<Integer> cacheableStatuses() {
        return cacheableStatuses;
    }

    public boolean useOriginMaxAge() {
        return lifetime.useOriginMaxAge();
    }

    public boolean useOriginStale() {
        return lifetime.useOriginStale();
    }

    public boolean allowAuthorized() {
        return allowAuthorized;
    }

    public Set<String> tags() {
        return tags;
    }

    public boolean shadow() {
        return shadow;
    }

    /** What the rule lets users share (personal pages, signed-in requests, cookies). */
    public Sharing sharing() {
        return sharing;
    }

    @Override
    public String toString() {
        return RuleText.describe(this);
    }

    /**
     * Collects a rule's settings, Caffeine-style: every setter checks its argument at once; every option may be
     * set once (a second call fails, even with the same value, so that two places of a configuration cannot
     * silently disagree); a list setter replaces the default list; {@link #build()} checks the combination. Every
     * failure is an {@link InvalidConfigurationException} whose message begins {@code rule <name>} and names the
     * option as its init-param is spelt. See docs/configuration.md for each option's meaning and default.
     */
    public static final class Builder {
        private final String name;
        private final String owner;
        /** The rule {@link CacheRule#toBuilder()} copied: its values are defaults here, not settings. */
        private final CacheRule base;
        private final PathScope.Builder scope;
        private final Lifetime.Builder lifetime;
        private final KeyShape.Builder keyShape;
        private CacheMode mode;
        private Set<Integer> cacheableStatuses;
        private Boolean allowAuthorized;
        private Set<String> tags;
        private Boolean shadow;
        private final Sharing.Builder sharing;

        private Builder(String name, CacheRule base) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidConfigurationException(
                        "rule name must be 1-64 letters, digits, '-' or '_' but was '" + name + "'");
            }
            this.name = name;
            this.owner = "rule " + name;
            this.base = base;
            this.scope = base == null ? PathScope.builder(owner) : base.scope.toBuilder(owner);
            this.lifetime = base == null ? Lifetime.builder(owner) : base.lifetime.toBuilder(owner);
            this.keyShape = base == null ? KeyShape.builder(owner) : base.keyShape.toBuilder(owner);
            this.sharing = base == null ? Sharing.builder(owner) : base.sharing.toBuilder(owner);
        }

        /** Paths this rule covers, e.g. {@code /}, {@code /products/*}, {@code /docs/**}, {@code /*.html}. */
        public Builder include(String... patterns) {
            return include(List.of(patterns));
        }

        public Builder include(Collection<String> patterns) {
            scope.include(patterns);
            return this;
        }

        /** Paths this rule leaves alone even though an include pattern matches them. */
        public Builder exclude(String... patterns) {
            return exclude(List.of(patterns));
        }

        public Builder exclude(Collection<String> patterns) {
            scope.exclude(patterns);
            return this;
        }

        public Builder mode(CacheMode mode) {
            unset("mode", this.mode);
            if (mode == null) {
                throw new InvalidConfigurationException(owner + " mode must not be null");
            }
            this.mode = mode;
            return this;
        }

        /** How long a response stays fresh in output mode; must be positive. */
        public Builder ttl(Duration ttl) {
            lifetime.ttl(ttl);
            return this;
        }

        /** How long a stale entry may be served while it is refreshed (or while the origin fails); zero turns it off. */
        public Builder grace(Duration grace) {
            lifetime.grace(grace);
            return this;
        }

        /** Request headers whose values are part of the key (e.g. {@code Accept-Language}). */
        public Builder varyHeaders(String... headers) {
            return varyHeaders(List.of(headers));
        }

        public Builder varyHeaders(Collection<String> headers) {
            keyShape.varyHeaders(headers);
            return this;
        }

        /** Cookies whose values are part of the key (e.g. a {@code locale} cookie). Never a session cookie. */
        public Builder varyCookies(String... cookies) {
            return varyCookies(List.of(cookies));
        }

        public Builder varyCookies(Collection<String> cookies) {
            keyShape.varyCookies(cookies);
            return this;
        }

        /** Replaces the ignored query parameters (globs with {@code *}); the default drops tracking parameters. */
        public Builder ignoredQueryParams(String... params) {
            return ignoredQueryParams(List.of(params));
        }

        public Builder ignoredQueryParams(Collection<String> params) {
            keyShape.ignoredQueryParams(params);
            return this;
        }

        /** Keeps only these query parameters (globs with {@code *}) in the key; every other one is dropped. */
        public Builder allowedQueryParams(String... params) {
            return allowedQueryParams(List.of(params));
        }

        public Builder allowedQueryParams(Collection<String> params) {
            keyShape.allowedQueryParams(params);
            return this;
        }

        /** See {@link KeyShape.Builder#maxKeyLength(int)}; 4096 characters by default. */
        public Builder maxKeyLength(int chars) {
            keyShape.maxKeyLength(chars);
            return this;
        }

        /** Statuses that may be stored (default 200); each must be one of {@link #STORABLE_STATUSES}. */
        public Builder cacheableStatuses(Integer... statuses) {
            return cacheableStatuses(List.of(statuses));
        }

        public Builder cacheableStatuses(Collection<Integer> statuses) {
            unset("cacheable-statuses", cacheableStatuses);
            this.cacheableStatuses = CacheableStatuses.checked(owner, statuses, STORABLE_STATUSES);
            return this;
        }

        /** Let the response's {@code s-maxage} (else {@code max-age}) set the lifetime instead of the rule's TTL. */
        public Builder useOriginMaxAge(boolean use) {
            lifetime.useOriginMaxAge(use);
            return this;
        }

        /** Let the response's {@code stale-while-revalidate} / {@code stale-if-error} set the grace period. */
        public Builder useOriginStale(boolean use) {
            lifetime.useOriginStale(use);
            return this;
        }

        /**
         * Store responses to requests that carry {@code Authorization}. Only for pages that are the same for
         * every authorised user; off by default because most are not.
         */
        public Builder allowAuthorized(boolean allow) {
            unset("allow-authorized", allowAuthorized);
            this.allowAuthorized = allow;
            return this;
        }

        /** Tags given to every page this rule stores, for {@link OutputCache#invalidateTag(String)}. */
        public Builder tags(String... tags) {
            return tags(List.of(tags));
        }

        public Builder tags(Collection<String> tags) {
            unset("tags", this.tags);
            this.tags = RuleTags.checked(owner, tags);
            return this;
        }

        /**
         * Shadow mode: compute keys and store entries, record whether a request would have hit and whether the stored
         * body equals the fresh one, but always send the fresh render. For proving a rule safe before turning it on.
         */
        public Builder shadow(boolean shadow) {
            unset("shadow", this.shadow);
            this.shadow = shadow;
            return this;
        }

        /** See {@link Sharing.Builder#sameForEveryUser(boolean)}; off by default (output mode). */
        public Builder sameForEveryUser(boolean same) {
            sharing.sameForEveryUser(same);
            return this;
        }

        /** See {@link Sharing.Builder#bypassSignedIn(boolean)}; on by default (output mode). */
        public Builder bypassSignedIn(boolean bypass) {
            sharing.bypassSignedIn(bypass);
            return this;
        }

        /** See {@link Sharing.Builder#storeSetCookie(boolean)}; off by default, HTTP mode only. */
        public Builder storeSetCookie(boolean store) {
            sharing.storeSetCookie(store);
            return this;
        }

        /** Checks the combination: at least one include pattern; no vary settings in http mode. */
        public CacheRule build() {
            CacheMode resolved = pick(mode, r -> r.mode, CacheMode.OUTPUT);
            PathScope paths = scope.build();
            KeyShape key = keyShape.build();
            if (resolved == CacheMode.HTTP && (!key.varyHeaders().isEmpty() || !key.varyCookies().isEmpty())) {
                throw new InvalidConfigurationException(owner + " is in http mode, where the response's Vary decides:"
                        + " vary-headers and vary-cookies apply to output mode only");
            }
            sharing.checkMode(resolved == CacheMode.HTTP);
            return new CacheRule(this, resolved, paths, key);
        }

        /** What was set, else the copied rule's value, else the default. */
        private <T> T pick(T set, Function<CacheRule, T> copied, T fallback) {
            return set != null ? set : base != null ? copied.apply(base) : fallback;
        }

        private void unset(String option, Object current) {
            if (current != null) {
                throw InvalidConfigurationException.alreadySet(owner + " " + option, current);
            }
        }
    }
}
