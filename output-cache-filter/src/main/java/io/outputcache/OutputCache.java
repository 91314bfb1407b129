package io.outputcache;

import io.outputcache.fragment.FragmentCache;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The handle an application holds to one output cache: invalidate pages, read counters. Every
 * {@link OutputCacheFilter} publishes its handle as the {@link ServletContext} attribute {@link #ATTRIBUTE}
 * (and, when the filter has a name, also under {@code ATTRIBUTE + "." + filterName}).
 *
 * <p>Invalidation reaches every node that shares the store. The methods wait for the store (up to a few
 * seconds) and throw {@link OutputCacheException} when it cannot be reached, so that an administrator learns
 * that a purge did not happen.
 */
public interface OutputCache {

    /** The servlet context attribute under which a filter publishes its handle. */
    String ATTRIBUTE = OutputCache.class.getName();

    /** Request attribute holding the tags a response should be stored under. */
    String TAGS_ATTRIBUTE = OutputCache.class.getName() + ".tags";

    /** Request attribute that, when {@code Boolean.TRUE}, keeps the response out of the cache. */
    String DISABLE_ATTRIBUTE = OutputCache.class.getName() + ".disable";

    /** The handle published in this context, if a filter was initialised there. */
    static OutputCache from(ServletContext context) {
        Object handle = context.getAttribute(ATTRIBUTE);
        if (handle == null) {
            throw new IllegalStateException("no OutputCacheFilter has been initialised in this servlet context");
        }
        return (OutputCache) handle;
    }

    /**
     * Tags the response to this request, so that {@link #invalidateTag(String)} removes it. Call while rendering,
     * e.g. {@code OutputCache.tag(request, "product-42")}.
     */
    static void tag(ServletRequest request, String... tags) {
        @SuppressWarnings("unchecked")
        Set<String> current = (Set<String>) request.getAttribute(TAGS_ATTRIBUTE);
        Set<String> next = current == null ? new LinkedHashSet<>() : new LinkedHashSet<>(current);
        for (String t : tags) {
            next.add(io.outputcache.internal.config.TagNames.check("tag", t));
        }
        request.setAttribute(TAGS_ATTRIBUTE, Collections.unmodifiableSet(next));
    }

    /** Keeps the response to this request out of the cache (it is still sent normally). */
    static void disableFor(ServletRequest request) {
        request.setAttribute(DISABLE_ATTRIBUTE, Boolean.TRUE);
    }

    /**
     * Removes every stored variant (hosts, vary values) of a page, given its path within the application and
     * optionally its query, e.g. {@code "/products/42"} or {@code "/search?q=shoes"}. Returns how many entries
     * were removed.
     */
    long invalidatePath(String pathAndQuery);

    /** Removes every page stored under the tag; returns how many. */
    long invalidateTag(String tag);

    /** Removes everything this cache stored. */
    void clear();

    /** The counters of this filter on this node. */
    OutputCacheStats stats();

    /**
     * Shadow mode: the most recent distinct paths (within the application, without query, at most 20, oldest
     * first) whose stored body differed from the fresh render on this node. Empty when no rule runs in shadow.
     */
    List<String> shadowMismatchSample();

    /**
     * Switches a rule at run time, on this node only: {@link RuleSwitch#ON} caches, {@link RuleSwitch#OFF} lets
     * the requests it covers pass through untouched, {@link RuleSwitch#SHADOW} runs it in shadow mode. Requests
     * already under way finish as they began. Stored pages are kept while a rule is off; invalidation still removes
     * them.
     *
     * @throws IllegalArgumentException when no rule has that name (the message lists the rules)
     */
    default void mode(String ruleName, RuleSwitch position) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot switch rules");
    }

    /**
     * The position of a rule now: as configured ({@link RuleSwitch#SHADOW} for a rule in shadow mode,
     * {@link RuleSwitch#ON} otherwise) until {@link #mode(String, RuleSwitch)} switches it.
     *
     * @throws IllegalArgumentException when no rule has that name (the message lists the rules)
     */
    default RuleSwitch mode(String ruleName) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot switch rules");
    }

    /**
     * The fragment cache that shares this cache's store, counters and invalidation (tags remove fragments as well
     * as pages), and that holds the renderers of page holes.
     */
    default FragmentCache fragments() {
        throw new UnsupportedOperationException(getClass().getName() + " has no fragment cache");
    }
}
