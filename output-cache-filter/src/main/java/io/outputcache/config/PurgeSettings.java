package io.outputcache.config;

import java.util.regex.Pattern;

/**
 * The purge endpoint of the filter (off unless a path is set): {@code POST} to {@code path} with the token in the
 * {@code tokenHeader} request header removes pages by tag, by path or all of them, at most {@code ratePerSecond}
 * purges a second (a burst of as many). See docs/configuration.md.
 *
 * @param path          the path within the application the filter answers itself, e.g. {@code /_outputcache/purge}
 * @param token         the secret a purge must present; never logged ({@link #toString()} redacts it)
 * @param tokenHeader   the request header that carries the token, lower-cased
 * @param ratePerSecond purges allowed per second on this node, and the burst allowed at once
 */
public record PurgeSettings(String path, String token, String tokenHeader, int ratePerSecond) {
    /** The default header of the token. */
    public static final String DEFAULT_TOKEN_HEADER = "x-purge-token";
    /** The default rate: enough for an operator or a deploy hook, too few to wipe the cache in a loop. */
    public static final int DEFAULT_RATE_PER_SECOND = 10;
    /** The shortest token accepted: a guessable token would make the endpoint a way to empty the cache. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Path segments of unreserved and sub-delim characters only, so that the path needs no decoding to match. */
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");

    public PurgeSettings {
        path = checkPath(path);
        token = checkToken(token);
        tokenHeader = FieldNames.header("purge-token-header", tokenHeader);
        if (ratePerSecond < 1 || ratePerSecond > 10_000) {
            throw Check.fail("purge-rate-limit must be between 1 and 10000 purges a second but was " + ratePerSecond);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "purge-path=" + path + ", purge-token=(redacted), purge-token-header=" + tokenHeader
                + ", purge-rate-limit=" + ratePerSecond + "/s";
    }

    private static String checkPath(String path) {
        if (path == null || !PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            throw Check.fail("purge-path must be a path within the application such as '/_outputcache/purge'"
                    + " (no query, no dot segments, no characters that need encoding) but was '" + path + "'");
        }
        return path;
    }

    private static String checkToken(String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > 512
                || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            // The value itself is never shown: it is a secret, and a near-miss would reveal most of it.
            throw Check.fail("purge-token must be " + MIN_TOKEN_LENGTH + "-512 visible ASCII characters (no spaces)"
                    + " but the value given " + (token == null ? "is null" : "has " + token.length() + " characters"
                    + " or characters outside that range"));
        }
        return token;
    }

    /** Collects the settings; each may be set once; {@link #build()} needs a path and a token when any is set. */
    public static final class Builder {
        private String path;
        private String token;
        private String tokenHeader;
        private Integer ratePerSecond;

        private Builder() {
        }

        /** The path the endpoint answers on; setting it turns the endpoint on. */
        public Builder path(String path) {
            Check.unset("purge-path", this.path);
            this.path = checkPath(path);
            return this;
        }

        /** The secret a purge must present in the token header. */
        public Builder token(String token) {
            Check.unset("purge-token", this.token == null ? null : "(redacted)");
            this.token = checkToken(token);
            return this;
        }

        /** The request header that carries the token (default {@code X-Purge-Token}). */
        public Builder tokenHeader(String name) {
            Check.unset("purge-token-header", tokenHeader);
            this.tokenHeader = FieldNames.header("purge-token-header", name);
            return this;
        }

        /** Purges allowed per second on this node (default 10); more are answered 429 with Retry-After. */
        public Builder rateLimit(int perSecond) {
            Check.unset("purge-rate-limit", ratePerSecond);
            if (perSecond < 1 || perSecond > 10_000) {
                throw Check.fail("purge-rate-limit must be between 1 and 10000 purges a second but was " + perSecond);
            }
            this.ratePerSecond = perSecond;
            return this;
        }

        /** Whether anything was set: the endpoint is off when nothing was. */
        public boolean isSet() {
            return path != null || token != null || tokenHeader != null || ratePerSecond != null;
        }

        /** The settings; fails naming the missing option when some were set but not the path or the token. */
        public PurgeSettings build() {
            if (path == null) {
                throw Check.fail("purge-path must be set to turn the purge endpoint on (purge-token,"
                        + " purge-token-header and purge-rate-limit have no effect without it)");
            }
            if (token == null) {
                throw Check.fail("purge-token must be set when purge-path is: the endpoint is never open without one");
            }
            return new PurgeSettings(path, token, Check.or(tokenHeader, DEFAULT_TOKEN_HEADER),
                    Check.or(ratePerSecond, DEFAULT_RATE_PER_SECOND));
        }
    }
}
