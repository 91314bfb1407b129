package io.outputcache.thymeleaf;

import io.outputcache.fragment.FragmentCache;
import io.outputcache.fragment.FragmentSpec;
import io.outputcache.internal.config.ConfigValues;
import io.outputcache.internal.fragment.FragmentFrames;
import io.outputcache.internal.fragment.HoleCapture;
import io.outputcache.internal.fragment.HoleMarkers;
import jakarta.servlet.http.HttpServletRequest;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.engine.TemplateManager;
import org.thymeleaf.engine.TemplateModel;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.inline.NoOpInliner;
import org.thymeleaf.model.IModel;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeModelProcessor;
import org.thymeleaf.processor.element.IElementModelStructureHandler;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code oc:cache}: a model processor, so that it receives the element with everything inside it before any of
 * it is processed. On a hit the whole model is replaced by one text node holding the stored HTML (text nodes are
 * written as they are, unescaped), so no expression inside runs. On a miss the model, without the {@code oc:}
 * attributes, is parsed as a nested template and processed in the current context (local variables, selection
 * target and template stack included) through {@link TemplateManager#process}, which is Thymeleaf's own way of
 * turning a model into text during processing; the text is stored and put in place. In both cases the text put in
 * place is not processed again (no inlining), as the output of the element without {@code oc:cache} is not.
 */
final class CacheAttributeProcessor extends AbstractAttributeModelProcessor {
    private static final String[] OWN_ATTRIBUTES = {"cache", "ttl", "vary", "tags"};
    /** Between tag names in one string: compiled once, not on every lookup as String.split would. */
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private static final int MAX_KNOWN_TTLS = 64;

    private final String prefix;
    private final CacheLocator locator;
    private final Map<String, Duration> ttls = new ConcurrentHashMap<>();

    CacheAttributeProcessor(String dialectPrefix, CacheLocator locator) {
        super(TemplateMode.HTML, dialectPrefix, null, false, "cache", true, 10, false);
        this.prefix = dialectPrefix;
        this.locator = locator;
    }

    @Override
    protected void doProcess(ITemplateContext context, IModel model, AttributeName attributeName,
                             String attributeValue, IElementModelStructureHandler structureHandler) {
        IProcessableElementTag tag = (IProcessableElementTag) model.get(0);
        String name = string(context, "cache", attributeValue);
        FragmentSpec spec = spec(context, tag, name);

        // Without our attributes the element is an ordinary one: that is what a miss renders. Only a miss needs it
        // (a hit replaces the whole model), so the four attribute removals, each a copy of the tag, wait for one.
        IModelFactory factory = context.getModelFactory();
        Optional<FragmentCache> cache = locator.cache(context);
        if (cache.isEmpty()) {
            model.replace(0, withoutOwnAttributes(factory, tag));
            return; // no output cache here: render in place, uncached
        }
        FragmentCache.Renderer miss = () -> {
            IProcessableElementTag plain = withoutOwnAttributes(factory, tag);
            model.replace(0, plain);
            return render(context, model, plain);
        };
        Optional<HttpServletRequest> request = CacheLocator.request(context);
        String html = request.isPresent()
                ? cache.get().getOrCompute(spec, request.get(), miss)
                : cache.get().getOrCompute(spec, miss);
        html = holesFor(context, cache.get(), html);
        model.reset();
        model.add(factory.createText(html));
        // The text is finished output. Thymeleaf would otherwise run its text inliner over it: scan all of it for
        // [[...]] and [(...)] on every hit (the largest single cost of a near-cache hit), and evaluate any it finds,
        // so a visitor's "[[${...}]]" shown by th:text would run as an expression once inside a cached fragment.
        structureHandler.setInliner(NoOpInliner.INSTANCE);
    }

    private IProcessableElementTag withoutOwnAttributes(IModelFactory factory, IProcessableElementTag tag) {
        IProcessableElementTag plain = tag;
        for (String own : OWN_ATTRIBUTES) {
            plain = factory.removeAttribute(plain, prefix, own);
        }
        return plain;
    }

    /**
     * Holes inside the fragment are markers in its stored HTML. They stay markers when an enclosing fragment or
     * the page itself is being rendered for the store (the enclosing level fills or defers them); otherwise they
     * are filled here, for this request.
     */
    private static String holesFor(ITemplateContext context, FragmentCache cache, String html) {
        if (html.indexOf("<!--oc:hole:") < 0) {
            return html;
        }
        Optional<HttpServletRequest> request = CacheLocator.request(context);
        if (FragmentFrames.current() != null) {
            return html;
        }
        Optional<HoleCapture> page = request.flatMap(HoleCapture::of);
        if (page.isPresent()) {
            page.get().markDeferred();
            return html;
        }
        Map<String, String> done = new HashMap<>(4); // one render per hole name
        return HoleMarkers.fill(html, hole -> done.computeIfAbsent(hole,
                n -> HoleAttributeProcessor.fillInPlace(context, cache, n)));
    }

    private static FragmentCache.Rendered render(ITemplateContext context, IModel model, IProcessableElementTag tag) {
        StringWriter source = new StringWriter();
        try {
            model.write(source);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        TemplateManager templates = context.getConfiguration().getTemplateManager();
        TemplateModel parsed = templates.parseString(context.getTemplateData(), source.toString(), tag.getLine(),
                tag.getCol(), null, true);
        StringWriter out = new StringWriter();
        templates.process(parsed, context, out);
        return FragmentCache.Rendered.shareable(out.toString());
    }

    private FragmentSpec spec(ITemplateContext context, IProcessableElementTag tag, String name) {
        FragmentSpec.Builder spec = FragmentSpec.builder(name);
        String ttlText = tag.getAttributeValue(prefix, "ttl");
        if (ttlText == null) {
            throw new TemplateProcessingException(prefix + ":cache '" + name + "' needs " + prefix
                    + ":ttl, e.g. " + prefix + ":ttl=\"'10m'\"");
        }
        Object ttl = evaluate(context, ttlText);
        try {
            spec.ttl(ttl instanceof Duration d ? d : ttl(String.valueOf(ttl)));
        } catch (IllegalArgumentException e) {
            throw new TemplateProcessingException(e.getMessage() + " (fragment '" + name + "')");
        }
        String varyText = tag.getAttributeValue(prefix, "vary");
        if (varyText != null) {
            spec.vary(values(evaluate(context, varyText), false));
        }
        String tagsText = tag.getAttributeValue(prefix, "tags");
        if (tagsText != null) {
            List<Object> tags = values(evaluate(context, tagsText), true);
            tags.forEach(t -> spec.tags(String.valueOf(t)));
        }
        try {
            return spec.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TemplateProcessingException(e.getMessage());
        }
    }

    /**
     * The TTL text parsed; a template has a handful of them ('10m', '1h'), so the parse (a regex) is kept instead
     * of repeated on every hit. Bounded: a TTL computed per request would only be parsed each time.
     */
    private Duration ttl(String text) {
        Duration known = ttls.get(text);
        if (known != null) {
            return known;
        }
        Duration parsed = ConfigValues.duration(prefix + ":ttl", text);
        if (ttls.size() < MAX_KNOWN_TTLS) {
            ttls.put(text, parsed);
        }
        return parsed;
    }

    /** A collection, array or single value as a list; strings split on commas and spaces when asked. */
    private static List<Object> values(Object value, boolean splitStrings) {
        List<Object> out = new ArrayList<>();
        if (value instanceof Iterable<?> iterable) {
            iterable.forEach(out::add);
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
        } else if (splitStrings && value instanceof String s) {
            for (String part : SEPARATORS.split(s)) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        } else {
            out.add(value);
        }
        return out;
    }

    private String string(ITemplateContext context, String attribute, String expression) {
        Object value = evaluate(context, expression);
        if (value == null || value.toString().isBlank()) {
            throw new TemplateProcessingException(prefix + ":" + attribute + "=\"" + expression
                    + "\" must name the fragment (an expression such as 'header')");
        }
        return value.toString();
    }

    static Object evaluate(ITemplateContext context, String expression) {
        return StandardExpressions.getExpressionParser(context.getConfiguration())
                .parseExpression(context, expression).execute(context);
    }
}
