package io.outputcache.internal.engine;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.RuleSwitch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run-time position of every rule ({@link RuleSwitch}). The set of rules is fixed by the configuration, so the
 * map never grows; a request reads its rule's position once and keeps it for the whole request, so that a switch
 * during a render does not change how that render ends.
 */
final class RuleSwitches {
    private final Map<String, RuleSwitch> positions = new ConcurrentHashMap<>();
    private final String known;

    RuleSwitches(OutputCacheConfig config) {
        Map<String, RuleSwitch> initial = new LinkedHashMap<>();
        for (CacheRule rule : config.rules()) {
            initial.put(rule.name(), config.shadow() || rule.shadow() ? RuleSwitch.SHADOW : RuleSwitch.ON);
        }
        positions.putAll(initial);
        this.known = String.join(", ", initial.keySet());
    }

    /** The position of a configured rule now: the request path's one read, with no name check. */
    RuleSwitch of(CacheRule rule) {
        return positions.get(rule.name());
    }

    /** The rule's position now. */
    RuleSwitch get(String ruleName) {
        return positions.get(check(ruleName));
    }

    /** Switches the rule; returns the position it had. */
    RuleSwitch set(String ruleName, RuleSwitch position) {
        if (position == null) {
            throw new IllegalArgumentException("the position of rule '" + ruleName + "' must be ON, OFF or SHADOW"
                    + " but was null");
        }
        return positions.put(check(ruleName), position);
    }

    private String check(String ruleName) {
        if (ruleName == null || !positions.containsKey(ruleName)) {
            throw new IllegalArgumentException("no rule is named '" + ruleName + "'; the rules are: " + known);
        }
        return ruleName;
    }
}
