package io.outputcache.config;

/**
 * What a rule lets users share: whether its pages are the same for every user whatever the render read of them,
 * whether requests that arrive signed in bypass the cache, and whether HTTP mode stores a response that sets a
 * cookie. See docs/security.md ("Personal pages", "Set-Cookie in HTTP mode").
 *
 * @param sameForEveryUser a page whose render read the session, the principal or a role is stored anyway
 *                         (output mode)
 * @param bypassSignedIn   a request with a valid session or a principal neither reads nor writes the cache
 *                         (output mode)
 * @param storeSetCookie   HTTP mode stores a response with {@code Set-Cookie} and replays the cookie
 */
public record Sharing(boolean sameForEveryUser, boolean bypassSignedIn, boolean storeSetCookie) {

    /** Safe by default: personal pages refused, signed-in requests bypass, no cookie replayed. */
    public static final Sharing DEFAULT = new Sharing(false, true, false);

    /** The settings that differ from the defaults, as {@code CacheRule.toString()} lists them. */
    public String describe() {
        return (sameForEveryUser ? ", same-for-every-user" : "") + (bypassSignedIn ? ", bypass-signed-in" : "")
                + (storeSetCookie ? ", store-set-cookie" : "");
    }

    /** Starts the settings; {@code owner} (e.g. {@code "rule pages"}) begins every complaint. */
    public static Builder builder(String owner) {
        return new Builder(owner, DEFAULT);
    }

    /** A builder whose unset options keep these values. */
    public Builder toBuilder(String owner) {
        return new Builder(owner, this);
    }

    /** Collects the settings; each setter may be called once. */
    public static final class Builder {
        private final String owner;
        private final Sharing base;
        private Boolean sameForEveryUser;
        private Boolean bypassSignedIn;
        private Boolean storeSetCookie;

        private Builder(String owner, Sharing base) {
            this.owner = owner;
            this.base = base;
        }

        /**
         * The rule's pages are the same for every user: stored whatever the render read of its user (e.g. a
         * framework that touches the session on every request). Also turns the default of
         * {@link #bypassSignedIn(boolean)} to false.
         */
        public Builder sameForEveryUser(boolean same) {
            Check.unset(owner + " same-for-every-user", sameForEveryUser);
            this.sameForEveryUser = same;
            return this;
        }

        /**
         * Whether a request that arrives with a valid session or a principal (set by a filter in front, e.g. a
         * security framework that read the session before this filter could watch) bypasses the cache.
         * Default true; false when the pages are {@link #sameForEveryUser(boolean) the same for every user}.
         */
        public Builder bypassSignedIn(boolean bypass) {
            Check.unset(owner + " bypass-signed-in", bypassSignedIn);
            this.bypassSignedIn = bypass;
            return this;
        }

        /**
         * HTTP mode: store a response that carries {@code Set-Cookie} and send the cookie to every client served
         * from it. Off by default, as in common CDNs: a cookie is usually one user's.
         */
        public Builder storeSetCookie(boolean store) {
            Check.unset(owner + " store-set-cookie", storeSetCookie);
            this.storeSetCookie = store;
            return this;
        }

        /** Fails when {@code store-set-cookie} is set outside HTTP mode, where a cookie is never stored. */
        public void checkMode(boolean httpMode) {
            if (!httpMode && Check.or(storeSetCookie, base.storeSetCookie())) {
                throw new InvalidConfigurationException(owner + " store-set-cookie applies to http mode only: output"
                        + " mode never stores a response that sets a cookie");
            }
        }

        public Sharing build() {
            boolean same = Check.or(sameForEveryUser, base.sameForEveryUser());
            // An explicit choice wins; otherwise a rule that vouches for its pages has no reason to bypass.
            boolean bypass = bypassSignedIn != null ? bypassSignedIn
                    : sameForEveryUser != null ? !same : base.bypassSignedIn();
            return new Sharing(same, bypass, Check.or(storeSetCookie, base.storeSetCookie()));
        }
    }
}
