package io.outputcache.thymeleaf;

import io.outputcache.OutputCache;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders {@code src/test/resources/oc-templates/<name>.html} for {@code /<any>/<name>} with a real Thymeleaf
 * WebContext and the {@link OutputCacheDialect}. Variables: {@code probe} (counts each expression it is asked to
 * evaluate), {@code user} (the {@code user} cookie), the locale from {@code ?lang=}.
 */
public final class TemplateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** A bean whose every evaluation is counted by label: proof that an expression ran, or did not. */
    public static final class Probe {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        public String hit(String label) {
            counts.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
            return label + "-rendered";
        }

        public int count(String label) {
            AtomicInteger n = counts.get(label);
            return n == null ? 0 : n.get();
        }
    }

    private final Probe probe = new Probe();
    private final boolean async;

    /** Renders on the request thread. */
    public TemplateServlet() {
        this(false);
    }

    /** With {@code async}, starts async and renders and completes on another thread (needs async support). */
    public TemplateServlet(boolean async) {
        this.async = async;
    }
    private final AtomicInteger pageRenders = new AtomicInteger();
    private transient TemplateEngine engine;
    private transient JakartaServletWebApplication application;

    public Probe probe() {
        return probe;
    }

    public int pageRenders() {
        return pageRenders.get();
    }

    public TemplateEngine engine() {
        return engine;
    }

    public JakartaServletWebApplication application() {
        return application;
    }

    @Override
    public void init() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("oc-templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.addDialect(new OutputCacheDialect());
        application = JakartaServletWebApplication.buildApplication(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        pageRenders.incrementAndGet();
        String path = req.getPathInfo() == null ? req.getServletPath() : req.getServletPath() + req.getPathInfo();
        String template = path.substring(path.lastIndexOf('/') + 1);
        String lang = req.getParameter("lang");
        Locale locale = lang == null ? Locale.ENGLISH : Locale.forLanguageTag(lang);
        Map<String, Object> vars = new HashMap<>();
        vars.put("probe", probe);
        vars.put("user", user(req));
        res.setContentType("text/html;charset=UTF-8");
        WebContext context = new WebContext(application.buildExchange(req, res), locale, vars);
        if (req.getParameter("tag") != null) {
            OutputCache.tag(req, req.getParameter("tag"));
        }
        if (!async) {
            engine.process(template, context, res.getWriter());
            return;
        }
        jakarta.servlet.AsyncContext asyncContext = req.startAsync();
        new Thread(() -> {
            try {
                engine.process(template, context, res.getWriter());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                asyncContext.complete();
            }
        }, "template-async").start();
    }

    public static String user(HttpServletRequest req) {
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (c.getName().equals("user")) {
                    return c.getValue();
                }
            }
        }
        return "anonymous";
    }
}
