package io.outputcache.demo.web;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the output cache is in use; flipped at run time by the admin page and by the benchmark. */
public final class CacheSwitch {
    private final AtomicBoolean on;

    public CacheSwitch(boolean on) {
        this.on = new AtomicBoolean(on);
    }

    public boolean isOn() {
        return on.get();
    }

    public void set(boolean value) {
        on.set(value);
    }

    public String label() {
        return isOn() ? "on" : "off";
    }
}
