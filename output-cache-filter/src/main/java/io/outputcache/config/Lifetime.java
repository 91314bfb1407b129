package io.outputcache.config;

import java.time.Duration;

/**
 * How long a rule's pages live: fresh for {@code ttl}, then served stale for {@code grace} while one request
 * refreshes them (or while the origin fails); the origin's {@code Cache-Control} may set either instead.
 *
 * @param ttl             how long a stored page is fresh (output mode)
 * @param grace           how long after that it may be served stale; zero turns grace off
 * @param useOriginMaxAge take the lifetime from the response's {@code s-maxage}, else {@code max-age}
 * @param useOriginStale  take the grace from {@code stale-while-revalidate} / {@code stale-if-error} (RFC 5861)
 */
public record Lifetime(Duration ttl, Duration grace, boolean useOriginMaxAge, boolean useOriginStale) {

    /** Fresh 60 s, grace 10 s, the origin's directives not used. */
    public static final Lifetime DEFAULT = new Lifetime(Duration.ofSeconds(60), Duration.ofSeconds(10), false, false);

    public Lifetime {
        Check.positive("ttl", ttl);
        Check.notNegative("grace", grace);
    }

    /** Starts a lifetime; {@code owner} (e.g. {@code "rule pages"}) begins every complaint. */
    public static Builder builder(String owner) {
        return new Builder(owner, DEFAULT);
    }

    /** A builder whose unset options keep this lifetime's values. */
    public Builder toBuilder(String owner) {
        return new Builder(owner, this);
    }

    /** Collects a lifetime; each setter checks at once and may be called once. */
    public static final class Builder {
        private final String owner;
        private final Lifetime base;
        private Duration ttl;
        private Duration grace;
        private Boolean useOriginMaxAge;
        private Boolean useOriginStale;

        private Builder(String owner, Lifetime base) {
            this.owner = owner;
            this.base = base;
        }

        public Builder ttl(Duration ttl) {
            Check.unset(owner + " ttl", this.ttl);
            this.ttl = Check.positive(owner + " ttl", ttl);
            return this;
        }

        public Builder grace(Duration grace) {
            Check.unset(owner + " grace", this.grace);
            this.grace = Check.notNegative(owner + " grace", grace);
            return this;
        }

        public Builder useOriginMaxAge(boolean use) {
            Check.unset(owner + " use-origin-max-age", useOriginMaxAge);
            this.useOriginMaxAge = use;
            return this;
        }

        public Builder useOriginStale(boolean use) {
            Check.unset(owner + " use-origin-stale", useOriginStale);
            this.useOriginStale = use;
            return this;
        }

        public Lifetime build() {
            return new Lifetime(Check.or(ttl, base.ttl()), Check.or(grace, base.grace()),
                    Check.or(useOriginMaxAge, base.useOriginMaxAge()), Check.or(useOriginStale, base.useOriginStale()));
        }
    }
}
