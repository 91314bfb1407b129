package io.outputcache.config;

import java.util.Collection;
import java.util.List;

/**
 * Request header fields that proxies and frameworks use to change what a request means (docs/security.md).
 *
 * @param keyed  fields (lower-case) a container or framework may use to rebuild the request URL behind a proxy;
 *               each one present is part of the key, so a forged value reaches only its own entry; of
 *               {@code Forwarded} only the {@code host=} and {@code proto=} parameters are (never {@code for=})
 * @param bypass fields (lower-case) whose presence makes a request bypass the cache: they override URL or method
 */
public record ProxyHeaders(List<String> keyed, List<String> bypass) {

    /** {@code Forwarded} and the {@code X-Forwarded-*} family keyed; the URL and method overrides bypass. */
    public static final ProxyHeaders DEFAULT = new ProxyHeaders(
            List.of("forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-scheme", "x-forwarded-port",
                    "x-forwarded-prefix", "x-forwarded-server", "x-forwarded-ssl", "x-host", "front-end-https"),
            List.of("x-original-url", "x-rewrite-url", "x-http-method-override", "x-http-method", "x-method-override"));

    public ProxyHeaders {
        keyed = FieldNames.headers("keyed-forwarding-headers", keyed);
        bypass = FieldNames.headers("bypass-headers", bypass);
    }

    /** The lists as their init-params spell them. */
    @Override
    public String toString() {
        return "keyed-forwarding-headers=" + keyed + ", bypass-headers=" + bypass;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the two lists; each replaces its default and may be set once. */
    public static final class Builder {
        private List<String> keyed;
        private List<String> bypass;

        private Builder() {
        }

        public Builder keyed(Collection<String> names) {
            Check.unset("keyed-forwarding-headers", keyed);
            this.keyed = FieldNames.headers("keyed-forwarding-headers", names);
            return this;
        }

        public Builder bypass(Collection<String> names) {
            Check.unset("bypass-headers", bypass);
            this.bypass = FieldNames.headers("bypass-headers", names);
            return this;
        }

        public ProxyHeaders build() {
            return new ProxyHeaders(Check.or(keyed, DEFAULT.keyed()), Check.or(bypass, DEFAULT.bypass()));
        }
    }
}
