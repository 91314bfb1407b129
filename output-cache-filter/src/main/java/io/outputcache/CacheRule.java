package io.outputcache;

import io.outputcache.internal.config.ConfigValues;
import io.outputcache.internal.config.TagNames;
import io.outputcache.internal.key.PathPattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One caching rule: which paths it covers and how responses to them are keyed, stored and reused.
 * Rules are data; the first rule whose patterns match a request's path applies, and a request that
 * no rule matches passes through the filter untouched.
 *
 * <p>Build with {@link #builder(String)}; every setter checks its argument at once and {@link Builder#build()}
 * checks the combination.
 */
public final class CacheRule {

    /** Query parameters that only trackers read; dropped from keys unless a rule says otherwise. */
    public static final List<String> DEFAULT_IGNORED_QUERY_PARAMS =
            List.of("utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl");

    /**
     * Statuses a rule may list in {@link Builder#cacheableStatuses}: those RFC 9110 §15.1 calls
     * heuristically cacheable, i.e. whose meaning does not depend on the request that produced them.
     */
    public static final Set<Integer> STORABLE_STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

    private final String name;
    private final List<PathPattern> include;
    private final List<PathPattern> exclude;
    private final CacheMode mode;
    private final Duration ttl;
    private final Duration grace;
    private final List<String> varyHeaders;
    private final List<String> varyCookies;
    private final List<String> ignoredQueryParams;
    private final Optional<List<String>> allowedQueryParams;
    private final Set<Integer> cacheableStatuses;
    private final boolean useOriginMaxAge;
    private final boolean useOriginStale;
    private final boolean allowAuthorized;
    private final Set<String> tags;
    private final boolean shadow;

    private CacheRule(Builder b) {
        this.name = b.name;
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.mode = b.mode;
        this.ttl = b.ttl;
        this.grace = b.grace;
        this.varyHeaders = List.copyOf(b.varyHeaders);
        this.varyCookies = List.copyOf(b.varyCookies);
        this.ignoredQueryParams = List.copyOf(b.ignoredQueryParams);
        this.allowedQueryParams = b.allowedQueryParams.map(List::copyOf);
        this.cacheableStatuses = Set.copyOf(b.cacheableStatuses);
        this.useOriginMaxAge = b.useOriginMaxAge;
        this.useOriginStale = b.useOriginStale;
        this.allowAuthorized = b.allowAuthorized;
        this.tags = Set.copyOf(b.tags);
        this.shadow = b.shadow;
    }

    /** Starts a rule; the name appears in {@code Cache-Status} details, logs and metrics. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this rule's settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.include.addAll(include);
        b.exclude.addAll(exclude);
        b.mode = mode;
        b.ttl = ttl;
        b.grace = grace;
        b.varyHeaders.addAll(varyHeaders);
        b.varyCookies.addAll(varyCookies);
        b.ignoredQueryParams.clear();
        b.ignoredQueryParams.addAll(ignoredQueryParams);
        b.allowedQueryParams = allowedQueryParams.map(ArrayList::new);
        b.cacheableStatuses.clear();
        b.cacheableStatuses.addAll(cacheableStatuses);
        b.useOriginMaxAge = useOriginMaxAge;
        b.useOriginStale = useOriginStale;
        b.allowAuthorized = allowAuthorized;
        b.tags.addAll(tags);
        b.shadow = shadow;
        return b;
    }

    /** Whether this rule covers a path (relative to the application's context path). */
    public boolean matches(String path) {
        return include.stream().anyMatch(p -> p.matches(path)) && exclude.stream().noneMatch(p -> p.matches(path));
    }

    public String name() {
        return name;
    }

    public List<String> include() {
        return include.stream().map(PathPattern::pattern).toList();
    }

    public List<String> exclude() {
        return exclude.stream().map(PathPattern::pattern).toList();
    }

    public CacheMode mode() {
        return mode;
    }

    /** How long a stored response is fresh (output mode), unless the origin's max-age is used. */
    public Duration ttl() {
        return ttl;
    }

    /** How long after it stops being fresh an entry may still be served while one request refreshes it. */
    public Duration grace() {
        return grace;
    }

    /** Request headers, lower-case, whose values are part of the key. */
    public List<String> varyHeaders() {
        return varyHeaders;
    }

    /** Cookie names whose values are part of the key. */
    public List<String> varyCookies() {
        return varyCookies;
    }

    public List<String> ignoredQueryParams() {
        return ignoredQueryParams;
    }

    /** When present, only these query parameters are part of the key; all others are dropped. */
    public Optional<List<String>> allowedQueryParams() {
        return allowedQueryParams;
    }

    public Set<Integer> cacheableStatuses() {
        return cacheableStatuses;
    }

    public boolean useOriginMaxAge() {
        return useOriginMaxAge;
    }

    public boolean useOriginStale() {
        return useOriginStale;
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CacheRule{").append(name)
                .append(", include=").append(include())
                .append(exclude.isEmpty() ? "" : ", exclude=" + exclude())
                .append(", mode=").append(mode.name().toLowerCase(Locale.ROOT))
                .append(", ttl=").append(ConfigValues.format(ttl))
                .append(", grace=").append(ConfigValues.format(grace));
        if (!varyHeaders.isEmpty()) {
            sb.append(", vary-headers=").append(varyHeaders);
        }
        if (!varyCookies.isEmpty()) {
            sb.append(", vary-cookies=").append(varyCookies);
        }
        sb.append(", ignored-query-params=").append(ignoredQueryParams);
        allowedQueryParams.ifPresent(a -> sb.append(", allowed-query-params=").append(a));
        sb.append(", cacheable-statuses=").append(new TreeSet<>(cacheableStatuses));
        if (useOriginMaxAge) {
            sb.append(", use-origin-max-age");
        }
        if (useOriginStale) {
            sb.append(", use-origin-stale");
        }
        if (allowAuthorized) {
            sb.append(", allow-authorized");
        }
        if (!tags.isEmpty()) {
            sb.append(", tags=").append(new TreeSet<>(tags));
        }
        if (shadow) {
            sb.append(", shadow");
        }
        return sb.append('}').toString();
    }

    /** Collects a rule's settings; see the configuration reference for each one's meaning and default. */
    public static final class Builder {
        private final String name;
        private final List<PathPattern> include = new ArrayList<>();
        private final List<PathPattern> exclude = new ArrayList<>();
        private CacheMode mode = CacheMode.OUTPUT;
        private Duration ttl = Duration.ofSeconds(60);
        private Duration grace = Duration.ofSeconds(10);
        private final List<String> varyHeaders = new ArrayList<>();
        private final List<String> varyCookies = new ArrayList<>();
        private final List<String> ignoredQueryParams = new ArrayList<>(DEFAULT_IGNORED_QUERY_PARAMS);
        private Optional<List<String>> allowedQueryParams = Optional.empty();
        private final Set<Integer> cacheableStatuses = new LinkedHashSet<>(Set.of(200));
        private boolean useOriginMaxAge;
        private boolean useOriginStale;
        private boolean allowAuthorized;
        private final Set<String> tags = new LinkedHashSet<>();
        private boolean shadow;

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(
                        "rule name must be 1-64 letters, digits, '-' or '_' but was '" + name + "'");
            }
            this.name = name;
        }

        /** Paths this rule covers, e.g. {@code /}, {@code /products/*}, {@code /docs/**}, {@code /*.html}. */
        public Builder include(String... patterns) {
            return include(List.of(patterns));
        }

        public Builder include(Collection<String> patterns) {
            for (String p : patterns) {
                include.add(PathPattern.compile("rule " + name + " include", p));
            }
            return this;
        }

        /** Paths this rule leaves alone even though an include pattern matches them. */
        public Builder exclude(String... patterns) {
            return exclude(List.of(patterns));
        }

        public Builder exclude(Collection<String> patterns) {
            for (String p : patterns) {
                exclude.add(PathPattern.compile("rule " + name + " exclude", p));
            }
            return this;
        }

        public Builder mode(CacheMode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("rule " + name + " mode must not be null");
            }
            this.mode = mode;
            return this;
        }

        /** How long a response stays fresh in output mode; must be positive. */
        public Builder ttl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("rule " + name + " ttl must be positive but was " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** How long a stale entry may be served while it is refreshed (or while the origin fails); zero turns it off. */
        public Builder grace(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("rule " + name + " grace must not be negative but was " + grace);
            }
            this.grace = grace;
            return this;
        }

        /** Request headers whose values are part of the key (e.g. {@code Accept-Language}). */
        public Builder varyHeaders(String... headers) {
            return varyHeaders(List.of(headers));
        }

        public Builder varyHeaders(Collection<String> headers) {
            for (String h : headers) {
                if (h == null || !h.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("rule " + name + " vary-headers must be header names but got '" + h + "'");
                }
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.equals("accept-encoding")) {
                    throw new IllegalArgumentException("rule " + name + " vary-headers must not list Accept-Encoding:"
                            + " the filter negotiates gzip itself from one stored copy");
                }
                if (!varyHeaders.contains(lower)) {
                    varyHeaders.add(lower);
                }
            }
            return this;
        }

        /** Cookies whose values are part of the key (e.g. a {@code locale} cookie). Never a session cookie. */
        public Builder varyCookies(String... cookies) {
            return varyCookies(List.of(cookies));
        }

        public Builder varyCookies(Collection<String> cookies) {
            for (String c : cookies) {
                if (c == null || !c.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("rule " + name + " vary-cookies must be cookie names but got '" + c + "'");
                }
                if (!varyCookies.contains(c)) {
                    varyCookies.add(c);
                }
            }
            return this;
        }

        /** Replaces the ignored query parameters (globs with {@code *}); the default drops tracking parameters. */
        public Builder ignoredQueryParams(String... params) {
            return ignoredQueryParams(List.of(params));
        }

        public Builder ignoredQueryParams(Collection<String> params) {
            ignoredQueryParams.clear();
            for (String p : params) {
                ignoredQueryParams.add(checkParamGlob("ignored-query-params", p));
            }
            return this;
        }

        /** Keeps only these query parameters (globs with {@code *}) in the key; every other one is dropped. */
        public Builder allowedQueryParams(String... params) {
            return allowedQueryParams(List.of(params));
        }

        public Builder allowedQueryParams(Collection<String> params) {
            List<String> list = new ArrayList<>();
            for (String p : params) {
                list.add(checkParamGlob("allowed-query-params", p));
            }
            this.allowedQueryParams = Optional.of(list);
            return this;
        }

        /** Statuses that may be stored (default 200); each must be one of {@link #STORABLE_STATUSES}. */
        public Builder cacheableStatuses(Integer... statuses) {
            return cacheableStatuses(List.of(statuses));
        }

        public Builder cacheableStatuses(Collection<Integer> statuses) {
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("rule " + name + " cacheable-statuses must not be empty");
            }
            for (Integer s : statuses) {
                if (s == null || !STORABLE_STATUSES.contains(s)) {
                    throw new IllegalArgumentException("rule " + name + " cacheable-statuses must be among "
                            + new TreeSet<>(STORABLE_STATUSES) + " but got " + s);
                }
            }
            cacheableStatuses.clear();
            cacheableStatuses.addAll(statuses);
            return this;
        }

        /** Let the response's {@code s-maxage} (else {@code max-age}) set the lifetime instead of the rule's TTL. */
        public Builder useOriginMaxAge(boolean use) {
            this.useOriginMaxAge = use;
            return this;
        }

        /** Let the response's {@code stale-while-revalidate} / {@code stale-if-error} set the grace period. */
        public Builder useOriginStale(boolean use) {
            this.useOriginStale = use;
            return this;
        }

        /**
         * Store responses to requests that carry {@code Authorization}. Only for pages that are the same for
         * every authorised user; off by default because most are not.
         */
        public Builder allowAuthorized(boolean allow) {
            this.allowAuthorized = allow;
            return this;
        }

        /** Tags given to every page this rule stores, for {@link OutputCache#invalidateTag(String)}. */
        public Builder tags(String... tags) {
            return tags(List.of(tags));
        }

        public Builder tags(Collection<String> tags) {
            for (String t : tags) {
                this.tags.add(TagNames.check("rule " + name + " tags", t));
            }
            return this;
        }

        /**
         * Shadow mode: compute keys and store entries, record whether a request would have hit and whether the stored
         * body equals the fresh one, but always send the fresh render. For proving a rule safe before turning it on.
         */
        public Builder shadow(boolean shadow) {
            this.shadow = shadow;
            return this;
        }

        public CacheRule build() {
            if (include.isEmpty()) {
                throw new IllegalArgumentException("rule " + name + " needs at least one include pattern");
            }
            if (mode == CacheMode.HTTP && (!varyHeaders.isEmpty() || !varyCookies.isEmpty())) {
                throw new IllegalArgumentException("rule " + name + " is in http mode, where the response's Vary decides:"
                        + " vary-headers and vary-cookies apply to output mode only");
            }
            return new CacheRule(this);
        }

        private String checkParamGlob(String option, String p) {
            if (p == null || p.isBlank() || p.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw new IllegalArgumentException("rule " + name + " " + option + " must be parameter names or globs but got '" + p + "'");
            }
            return p;
        }
    }
}
