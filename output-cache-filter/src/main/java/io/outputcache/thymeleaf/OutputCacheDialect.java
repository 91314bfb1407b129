package io.outputcache.thymeleaf;

import io.outputcache.fragment.FragmentCache;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.standard.StandardDialect;

import java.util.Optional;
import java.util.Set;

/**
 * The output cache's Thymeleaf dialect (prefix {@code oc}):
 * <pre>{@code
 * <header oc:cache="'header'" oc:ttl="'10m'" oc:vary="${#locale}" oc:tags="'nav'"> ... </header>
 * <span oc:hole="cartCount" th:text="${cart.count}">0</span>
 * }</pre>
 * <ul>
 * <li>{@code oc:cache} (an expression naming the fragment) caches the element's output in the
 *     {@link FragmentCache}: on a hit the element is replaced by the stored HTML and nothing inside it is
 *     evaluated; on a miss it is rendered once and stored. {@code oc:ttl} (required: {@code '30s'}, {@code '10m'},
 *     {@code '1h'} or a {@code Duration}), {@code oc:vary} (a value or a collection: everything the output depends
 *     on) and {@code oc:tags} (a comma-separated string or a collection) complete it.</li>
 * <li>{@code oc:hole} (a literal name) marks a per-user part: in a page rendered for the page cache, and in a
 *     cached fragment, it is stored as a marker and filled for each request by the {@link
 *     io.outputcache.fragment.HoleRenderer} registered under that name. Elsewhere it renders in place.</li>
 * </ul>
 * The dialect's processors run before the standard dialect's ({@code th:replace}, {@code th:each}, ...), so
 * {@code oc:cache} on an element with {@code th:replace} caches the replaced content.
 */
public final class OutputCacheDialect extends AbstractProcessorDialect {

    /** Attribute prefix of the dialect. */
    public static final String PREFIX = "oc";
    /** Before the standard dialect, whose precedence is {@value StandardDialect#PROCESSOR_PRECEDENCE}. */
    static final int PRECEDENCE = StandardDialect.PROCESSOR_PRECEDENCE - 100;

    private final Optional<FragmentCache> fixed;

    /**
     * A dialect that takes the fragment cache of the request's servlet context (the one an
     * {@link io.outputcache.OutputCacheFilter} published). Without one, elements render normally, uncached.
     */
    public OutputCacheDialect() {
        super("Output cache", PREFIX, PRECEDENCE);
        this.fixed = Optional.empty();
    }

    /** A dialect that always uses the given fragment cache (also for non-web template contexts). */
    public OutputCacheDialect(FragmentCache cache) {
        super("Output cache", PREFIX, PRECEDENCE);
        if (cache == null) {
            throw new IllegalArgumentException("fragment cache must not be null");
        }
        this.fixed = Optional.of(cache);
    }

    @Override
    public Set<IProcessor> getProcessors(String dialectPrefix) {
        CacheLocator locator = new CacheLocator(fixed);
        return Set.of(new CacheAttributeProcessor(dialectPrefix, locator),
                new HoleAttributeProcessor(dialectPrefix, locator));
    }
}
