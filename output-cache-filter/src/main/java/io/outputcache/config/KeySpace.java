package io.outputcache.config;

import java.net.IDN;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which keys a filter writes: every Redis key begins with {@code prefix}, and only requests for an allowed host
 * get one (an empty set allows every host, each under keys of its own).
 *
 * @param prefix       1-64 letters, digits or {@code _ . - { }}; give each application its own
 * @param allowedHosts host names, lower-case and in ASCII (IDNA) form
 */
public record KeySpace(String prefix, Set<String> allowedHosts) {

    /** Prefix {@code oc}, every host. */
    public static final KeySpace DEFAULT = new KeySpace("oc", Set.of());

    public KeySpace {
        checkPrefix(prefix);
        allowedHosts = Set.copyOf(hosts(allowedHosts));
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String checkPrefix(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_.{}-]{1,64}")) {
            throw Check.fail("key-prefix must be 1-64 letters, digits or one of _ . - { } but was '" + prefix + "'");
        }
        return prefix;
    }

    private static Set<String> hosts(Collection<String> hosts) {
        Set<String> clean = new LinkedHashSet<>();
        for (String host : Check.notNull("allowed-hosts", hosts)) {
            if (host == null || host.isBlank() || host.contains("/") || host.contains(":") && !host.startsWith("[")) {
                throw Check.fail("allowed-hosts must be host names without scheme or port but got '" + host + "'");
            }
            clean.add(IDN.toASCII(host.trim()).toLowerCase(Locale.ROOT));
        }
        return clean;
    }

    /** Collects the key space; each setter checks at once and may be called once. */
    public static final class Builder {
        private String prefix;
        private Set<String> allowedHosts;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            Check.unset("key-prefix", this.prefix);
            this.prefix = checkPrefix(prefix);
            return this;
        }

        /** Replaces the default (every host). */
        public Builder allowedHosts(Collection<String> hosts) {
            Check.unset("allowed-hosts", allowedHosts);
            this.allowedHosts = hosts(hosts);
            return this;
        }

        public KeySpace build() {
            return new KeySpace(Check.or(prefix, DEFAULT.prefix()), Check.or(allowedHosts, DEFAULT.allowedHosts()));
        }
    }
}
