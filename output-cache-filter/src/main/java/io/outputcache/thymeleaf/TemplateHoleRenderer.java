package io.outputcache.thymeleaf;

import io.outputcache.fragment.HoleRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link HoleRenderer} that renders a template fragment for the request, e.g. the {@code cartCount} fragment
 * of {@code fragments/header}, so a hole's markup lives in the template next to the rest of the page:
 * <pre>{@code
 * cache.fragments().registerHole("cartCount", new TemplateHoleRenderer(engine, application,
 *         "fragments/header", "cartCount", request -> Map.of("cart", carts.of(request))));
 * }</pre>
 * The fragment is rendered on its own (it does not see the page's model): {@code variables} computes what it
 * needs from the request. Renders go through the engine's template cache, so each costs a fragment
 * processing, not a parse.
 */
public final class TemplateHoleRenderer implements HoleRenderer {
    private final ITemplateEngine engine;
    private final JakartaServletWebApplication application;
    private final TemplateSpec spec;
    private final Function<HttpServletRequest, Map<String, Object>> variables;

    /**
     * @param template  the template that holds the fragment
     * @param selector  the fragment selector within it ({@code th:fragment} name or markup selector)
     * @param variables the variables the fragment needs, computed from the request
     */
    public TemplateHoleRenderer(ITemplateEngine engine, JakartaServletWebApplication application, String template,
                                String selector, Function<HttpServletRequest, Map<String, Object>> variables) {
        if (engine == null || application == null || template == null || selector == null || variables == null) {
            throw new IllegalArgumentException("engine, application, template, selector and variables are required");
        }
        this.engine = engine;
        this.application = application;
        this.spec = new TemplateSpec(template, Set.of(selector), TemplateMode.HTML, null);
        this.variables = variables;
    }

    @Override
    public String render(HttpServletRequest request, HttpServletResponse response) {
        WebContext context = new WebContext(application.buildExchange(request, response), request.getLocale(),
                variables.apply(request));
        return engine.process(spec, context);
    }
}
