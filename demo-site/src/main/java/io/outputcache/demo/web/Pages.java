package io.outputcache.demo.web;

import io.outputcache.demo.shop.Catalog;
import io.outputcache.thymeleaf.OutputCacheDialect;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Renders page templates with a {@link WebContext} (so that {@code @{/...}} links are context-relative) and counts
 * every render. Each page gets the layout's variables: {@code categories}, {@code cart}, {@code renderStats}.
 */
public final class Pages {
    private static final TemplateEngine ENGINE = newEngine();

    private final JakartaServletWebApplication application;
    private final DemoServices services;

    public Pages(ServletContext context) {
        this.application = JakartaServletWebApplication.buildApplication(context);
        this.services = DemoServices.from(context);
    }

    private static TemplateEngine newEngine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        // oc:cache / oc:hole: the fragment cache of the OutputCacheFilter published in the servlet context
        engine.addDialect(new OutputCacheDialect());
        return engine;
    }

    /**
     * Renders a page template and writes it.
     *
     * @param startNanos when the request started being handled, so that the counted render time includes the data
     *                   access the page needed (that is what a cache hit saves)
     */
    public void render(HttpServletRequest request, HttpServletResponse response, int status, String template,
                       Map<String, ?> variables, long startNanos) throws IOException {
        WebContext context = new WebContext(application.buildExchange(request, response), Locale.ENGLISH);
        context.setVariables(Map.copyOf(variables));
        context.setVariable("categories", Catalog.categories());
        context.setVariable("cart", new CartView(services.carts(), CartView.cartId(request)));
        context.setVariable("renderStats", services.renderStats());
        String html = ENGINE.process(template, context);
        services.renderStats().pageRendered(System.nanoTime() - startNanos);
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
