package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** The check of a rule's {@code cacheable-statuses}: not empty, and only statuses a cache may store. */
final class CacheableStatuses {
    private CacheableStatuses() {
    }

    static Set<Integer> checked(String owner, Collection<Integer> statuses, Set<Integer> storable) {
        if (statuses == null || statuses.isEmpty()) {
            throw new InvalidConfigurationException(owner + " cacheable-statuses must not be empty");
        }
        for (Integer s : statuses) {
            if (s == null || !storable.contains(s)) {
                throw new InvalidConfigurationException(owner + " cacheable-statuses must be among "
                        + new TreeSet<>(storable) + " but got " + s);
            }
        }
        return new LinkedHashSet<>(statuses);
    }
}
