package io.outputcache.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A test servlet that counts its renders. By default it answers 200 text/html with a body naming the path, the
 * query and the render number; a test can replace what it does per request.
 */
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** What a render does; may throw IOException wrapped in UncheckedIOException. */
    public interface Behaviour {
        void render(HttpServletRequest request, HttpServletResponse response, int renderNumber) throws IOException;
    }

    private final AtomicInteger renders = new AtomicInteger();
    private volatile Behaviour behaviour = PageServlet::standardPage;

    public static void standardPage(HttpServletRequest req, HttpServletResponse res, int n) throws IOException {
        res.setContentType("text/html;charset=UTF-8");
        res.getWriter().print("<html><body><h1>page " + req.getRequestURI() + "</h1><p>query=" + req.getQueryString()
                + "</p><p>render #" + n + "</p>" + "<p>" + "lorem ipsum ".repeat(40) + "</p></body></html>");
    }

    public PageServlet behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    public PageServlet behave(BiConsumer<HttpServletRequest, HttpServletResponse> simple) {
        this.behaviour = (req, res, n) -> simple.accept(req, res);
        return this;
    }

    public int renders() {
        return renders.get();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        behaviour.render(req, resp, renders.incrementAndGet());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        renders.incrementAndGet();
        resp.setStatus(204);
    }
}
