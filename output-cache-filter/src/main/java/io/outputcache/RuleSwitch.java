package io.outputcache;

/**
 * What a rule does right now, switched at run time with {@link OutputCache#mode(String, RuleSwitch)}: the
 * configuration gives each rule its starting position ({@link #SHADOW} when the rule or the filter is configured
 * in shadow mode, {@link #ON} otherwise).
 */
public enum RuleSwitch {
    /** The rule caches: pages are served from the store and stored after a render. */
    ON,
    /**
     * The rule is out of the way: requests it covers pass through untouched, as if no rule covered them (the
     * application renders every one; nothing is looked up, stored or labelled).
     */
    OFF,
    /**
     * The rule runs in shadow mode (see {@link CacheRule.Builder#shadow(boolean)}): pages are keyed, looked up and
     * stored in the shadow key space, and every client gets a fresh render.
     */
    SHADOW
}
