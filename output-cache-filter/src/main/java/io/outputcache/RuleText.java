package io.outputcache;

import io.outputcache.config.KeyShape;
import io.outputcache.internal.config.ConfigValues;

import java.util.Locale;
import java.util.TreeSet;

/** The text of a rule in logs and in the configuration's {@code toString()}: every setting, in init-param words. */
final class RuleText {
    private RuleText() {
    }

    static String describe(CacheRule rule) {
        StringBuilder sb = new StringBuilder("CacheRule{").append(rule.name()).append(", ").append(rule.scope())
                .append(", mode=").append(rule.mode().name().toLowerCase(Locale.ROOT))
                .append(", ttl=").append(ConfigValues.format(rule.ttl()))
                .append(", grace=").append(ConfigValues.format(rule.grace()));
        if (!rule.varyHeaders().isEmpty()) {
            sb.append(", vary-headers=").append(rule.varyHeaders());
        }
        if (!rule.varyCookies().isEmpty()) {
            sb.append(", vary-cookies=").append(rule.varyCookies());
        }
        sb.append(", ignored-query-params=").append(rule.ignoredQueryParams());
        rule.allowedQueryParams().ifPresent(a -> sb.append(", allowed-query-params=").append(a));
        if (rule.keyShape().maxKeyLength() != KeyShape.DEFAULT_MAX_KEY_LENGTH) {
            sb.append(", max-key-length=").append(rule.keyShape().maxKeyLength());
        }
        sb.append(", cacheable-statuses=").append(new TreeSet<>(rule.cacheableStatuses()));
        sb.append(rule.useOriginMaxAge() ? ", use-origin-max-age" : "")
                .append(rule.useOriginStale() ? ", use-origin-stale" : "")
                .append(rule.allowAuthorized() ? ", allow-authorized" : "")
                .append(rule.sharing().describe());
        if (!rule.tags().isEmpty()) {
            sb.append(", tags=").append(new TreeSet<>(rule.tags()));
        }
        return sb.append(rule.shadow() ? ", shadow" : "").append('}').toString();
    }
}
