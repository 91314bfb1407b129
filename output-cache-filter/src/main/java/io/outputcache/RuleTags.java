package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.internal.config.TagNames;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** The check of a rule's {@code tags}: each a valid tag name ({@link TagNames}), duplicates dropped. */
final class RuleTags {
    private RuleTags() {
    }

    static Set<String> checked(String owner, Collection<String> tags) {
        Set<String> checked = new LinkedHashSet<>();
        for (String t : tags) {
            try {
                checked.add(TagNames.check(owner + " tags", t));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        }
        return checked;
    }
}
