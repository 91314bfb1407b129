package io.outputcache.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What of a request, besides method, scheme, host and path, goes into a rule's key: request headers and cookies
 * whose values make a different page, and which query parameters count.
 *
 * @param varyHeaders        request header fields (lower-case) whose values are part of the key
 * @param varyCookies        cookies whose values are part of the key
 * @param ignoredQueryParams parameters (globs with {@code *}) dropped from the key
 * @param allowedQueryParams when present, only these parameters (globs) are part of the key
 * @param maxKeyLength       the longest path and query (within the application, after normalisation) that is
 *                           keyed, in characters; a longer request bypasses the cache, so that one client cannot
 *                           fill the store with entries named by megabytes of URL
 */
public record KeyShape(List<String> varyHeaders, List<String> varyCookies, List<String> ignoredQueryParams,
                       Optional<List<String>> allowedQueryParams, int maxKeyLength) {

    /** The default {@link #maxKeyLength}: 4 KiB of characters, longer than any URL a page links to. */
    public static final int DEFAULT_MAX_KEY_LENGTH = 4096;

    /** Query parameters that only trackers read; dropped from keys unless a rule says otherwise. */
    public static final List<String> TRACKING_PARAMS =
            List.of("utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl");

    /** Nothing varies but the tracking parameters are ignored. */
    public static final KeyShape DEFAULT = new KeyShape(List.of(), List.of(), TRACKING_PARAMS, Optional.empty(),
            DEFAULT_MAX_KEY_LENGTH);

    public KeyShape {
        varyHeaders = varyHeaders("vary-headers", varyHeaders);
        varyCookies = FieldNames.cookies("vary-cookies", varyCookies);
        ignoredQueryParams = paramGlobs("ignored-query-params", ignoredQueryParams);
        allowedQueryParams = Check.notNull("allowed-query-params", allowedQueryParams)
                .map(a -> paramGlobs("allowed-query-params", a));
        checkMaxKeyLength("max-key-length", maxKeyLength);
    }

    /** A key shape with the default {@link #maxKeyLength}. */
    public KeyShape(List<String> varyHeaders, List<String> varyCookies, List<String> ignoredQueryParams,
                    Optional<List<String>> allowedQueryParams) {
        this(varyHeaders, varyCookies, ignoredQueryParams, allowedQueryParams, DEFAULT_MAX_KEY_LENGTH);
    }

    /** Starts a key shape; {@code owner} (e.g. {@code "rule pages"}) begins every complaint. */
    public static Builder builder(String owner) {
        return new Builder(owner, DEFAULT);
    }

    /** A builder whose unset options keep this shape's values. */
    public Builder toBuilder(String owner) {
        return new Builder(owner, this);
    }

    private static List<String> varyHeaders(String option, Collection<String> headers) {
        List<String> names = FieldNames.headers(option, headers);
        if (names.contains("accept-encoding")) {
            throw Check.fail(option + " must not list Accept-Encoding: the filter negotiates gzip itself from one"
                    + " stored copy");
        }
        return names;
    }

    private static int checkMaxKeyLength(String option, int chars) {
        if (chars < 16 || chars > 1024 * 1024) {
            throw Check.fail(option + " must be between 16 and 1048576 characters but was " + chars);
        }
        return chars;
    }

    private static List<String> paramGlobs(String option, Collection<String> params) {
        for (String p : Check.notNull(option, params)) {
            if (p == null || p.isBlank() || p.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw Check.fail(option + " must be parameter names or globs but got '" + p + "'");
            }
        }
        return List.copyOf(params);
    }

    /** Collects a key shape; each setter checks at once, replaces the default and may be called once. */
    public static final class Builder {
        private final String owner;
        private final KeyShape base;
        private List<String> varyHeaders;
        private List<String> varyCookies;
        private List<String> ignoredQueryParams;
        private List<String> allowedQueryParams;
        private Integer maxKeyLength;

        private Builder(String owner, KeyShape base) {
            this.owner = owner;
            this.base = base;
        }

        public Builder varyHeaders(Collection<String> headers) {
            Check.unset(owner + " vary-headers", varyHeaders);
            this.varyHeaders = KeyShape.varyHeaders(owner + " vary-headers", headers);
            return this;
        }

        public Builder varyCookies(Collection<String> cookies) {
            Check.unset(owner + " vary-cookies", varyCookies);
            this.varyCookies = FieldNames.cookies(owner + " vary-cookies", cookies);
            return this;
        }

        public Builder ignoredQueryParams(Collection<String> params) {
            Check.unset(owner + " ignored-query-params", ignoredQueryParams);
            this.ignoredQueryParams = paramGlobs(owner + " ignored-query-params", params);
            return this;
        }

        public Builder allowedQueryParams(Collection<String> params) {
            Check.unset(owner + " allowed-query-params", allowedQueryParams);
            this.allowedQueryParams = paramGlobs(owner + " allowed-query-params", params);
            return this;
        }

        /**
         * The longest path and query a request may have to be keyed (characters, 16 to 1048576; default 4096);
         * a longer one bypasses the cache ({@code Cache-Status: ...; detail=key-too-long}).
         */
        public Builder maxKeyLength(int chars) {
            Check.unset(owner + " max-key-length", maxKeyLength);
            this.maxKeyLength = checkMaxKeyLength(owner + " max-key-length", chars);
            return this;
        }

        public KeyShape build() {
            return new KeyShape(Check.or(varyHeaders, base.varyHeaders()), Check.or(varyCookies, base.varyCookies()),
                    Check.or(ignoredQueryParams, base.ignoredQueryParams()),
                    allowedQueryParams != null ? Optional.of(allowedQueryParams) : base.allowedQueryParams(),
                    Check.or(maxKeyLength, base.maxKeyLength()));
        }
    }
}
