package io.outputcache.demo.web;

import io.outputcache.OutputCache;
import io.outputcache.RuleSwitch;

/**
 * Whether the shop's page rule caches; flipped at run time by the admin page and by the benchmark. It drives the
 * library's own switch ({@link OutputCache#mode(String, RuleSwitch)}): off, requests go straight to the shop (the
 * header, footer and banner still come from the fragment cache). Until the filter has started, the wanted
 * position is kept and applied when the shop connects to the cache ({@link #attach(OutputCache)}).
 */
public final class CacheSwitch {
    /** The name of the shop's one page rule, in code and in web.xml. */
    public static final String RULE = "pages";

    private boolean wanted;
    private OutputCache cache;

    public CacheSwitch(boolean on) {
        this.wanted = on;
    }

    /** Connects the switch to the running cache and puts the rule where it was wanted. */
    public synchronized void attach(OutputCache cache) {
        this.cache = cache;
        set(wanted);
    }

    public synchronized boolean isOn() {
        return cache == null ? wanted : cache.mode(RULE) == RuleSwitch.ON;
    }

    public synchronized void set(boolean value) {
        wanted = value;
        if (cache != null) {
            cache.mode(RULE, value ? RuleSwitch.ON : RuleSwitch.OFF);
        }
    }

    public String label() {
        return isOn() ? "on" : "off";
    }
}
