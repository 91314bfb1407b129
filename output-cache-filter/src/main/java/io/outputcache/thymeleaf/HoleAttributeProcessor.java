package io.outputcache.thymeleaf;

import io.outputcache.fragment.FragmentCache;
import io.outputcache.fragment.HoleRenderer;
import io.outputcache.internal.fragment.FragmentFrames;
import io.outputcache.internal.fragment.HoleCapture;
import io.outputcache.internal.fragment.HoleMarkers;
import io.outputcache.internal.servlet.IdentityWatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IModel;
import org.thymeleaf.processor.element.AbstractAttributeModelProcessor;
import org.thymeleaf.processor.element.IElementModelStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code oc:hole="name"}: where the output is going to be shared (a page rendered for the page cache, or a
 * cached fragment), the element is replaced by a marker and nothing inside it is evaluated; the filter (or the
 * enclosing {@code oc:cache}) fills the marker per request with the registered {@link HoleRenderer}. Everywhere
 * else the element renders in place, as if the attribute were not there.
 *
 * <p>A hole without a registered renderer cannot be filled later, so it renders in place and the enclosing
 * page or fragment is not stored: correctness first, a warning in the log says why the cache does not work.
 */
final class HoleAttributeProcessor extends AbstractAttributeModelProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache.holes");
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final CacheLocator locator;

    HoleAttributeProcessor(String dialectPrefix, CacheLocator locator) {
        super(TemplateMode.HTML, dialectPrefix, null, false, "hole", true, 20, true);
        this.locator = locator;
    }

    @Override
    protected void doProcess(ITemplateContext context, IModel model, AttributeName attributeName,
                             String attributeValue, IElementModelStructureHandler structureHandler) {
        String name;
        try {
            name = HoleMarkers.checkName(attributeValue == null ? null : attributeValue.trim());
        } catch (IllegalArgumentException e) {
            throw new TemplateProcessingException("oc:hole: " + e.getMessage());
        }
        FragmentFrames.Frame frame = FragmentFrames.current();
        Optional<HoleCapture> page = CacheLocator.request(context).flatMap(HoleCapture::of);
        if (frame == null && page.isEmpty()) {
            return; // nothing shared is being rendered: the hole is ordinary content
        }
        Optional<FragmentCache> cache = locator.cache(context);
        if (cache.isEmpty() || cache.get().hole(name).isEmpty()) {
            if (WARNED.add(name)) {
                LOG.warn("no hole renderer is registered for '{}': it renders in place and the page or fragment"
                        + " around it is not cached (register one with FragmentCache.registerHole)", name);
            }
            FragmentFrames.allUnshareable();
            page.ifPresent(HoleCapture::refuseStore);
            return;
        }
        model.reset();
        model.add(context.getModelFactory().createText(HoleMarkers.marker(name)));
        page.ifPresent(HoleCapture::markDeferred);
    }

    /** Fills a hole of a cached fragment in a page that is not itself being stored. */
    static String fillInPlace(ITemplateContext context, FragmentCache cache, String name) {
        Optional<HoleRenderer> renderer = cache.hole(name);
        Optional<HttpServletRequest> request = CacheLocator.request(context);
        Optional<HttpServletResponse> response = CacheLocator.response(context);
        if (renderer.isEmpty() || request.isEmpty() || response.isEmpty()) {
            // Fragment stored by a node that had the renderer; here it cannot be filled: leave it empty.
            return "";
        }
        // A hole is filled per request and never stored: what it reads of the user does not make the page personal.
        String html = IdentityWatch.unwatched(() -> renderer.get().render(request.get(), response.get()));
        if (html == null) {
            throw new TemplateProcessingException("hole renderer '" + name + "' returned null");
        }
        return html;
    }
}
