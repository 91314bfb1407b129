package io.outputcache.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves the shop's few static files (CSS, the stats page's script) from the classpath, cacheable by browsers. */
public final class StaticServlet extends HttpServlet {
    private static final Map<String, String> FILES = Map.of(
            "/shop.css", "text/css;charset=UTF-8",
            "/stats.js", "text/javascript;charset=UTF-8",
            "/favicon.svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo();
        String type = name == null ? null : FILES.get(name);
        if (type == null) {
            response.sendError(404);
            return;
        }
        try (InputStream in = StaticServlet.class.getClassLoader().getResourceAsStream("static" + name)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            byte[] body = in.readAllBytes();
            response.setContentType(type);
            response.setHeader("Cache-Control", "public, max-age=3600");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
