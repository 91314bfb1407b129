package io.outputcache.internal.fragment;

import io.outputcache.fragment.HoleRenderer;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The hole renderers of one cache, by name. The filter puts it on each request it handles ({@link #ATTRIBUTE}). */
public final class HoleRegistry {

    /** Request attribute under which the filter publishes the registry for the page writer and the dialect. */
    public static final String ATTRIBUTE = HoleRegistry.class.getName();

    private final Map<String, HoleRenderer> renderers = new ConcurrentHashMap<>();

    public void register(String name, HoleRenderer renderer) {
        HoleMarkers.checkName(name);
        if (renderer == null) {
            throw new IllegalArgumentException("hole renderer for '" + name + "' must not be null");
        }
        renderers.put(name, renderer);
    }

    public Optional<HoleRenderer> find(String name) {
        return Optional.ofNullable(renderers.get(name));
    }

    public boolean has(String name) {
        return renderers.containsKey(name);
    }

    public Set<String> names() {
        return new TreeSet<>(renderers.keySet());
    }
}
