package io.outputcache.demo.web;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheStats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /_stats}: the counters as JSON; {@code GET /stats}: a page that shows them live with a chart. Neither
 * is cached (no rule covers them, and they say {@code no-store}).
 */
public final class StatsServlet extends HttpServlet {
    private transient DemoServices services;
    private transient Pages pages;

    @Override
    public void init() {
        services = DemoServices.from(getServletContext());
        pages = new Pages(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        response.setHeader("Cache-Control", "no-store");
        Map<String, Object> stats = snapshot(services, DemoServices.outputCache(getServletContext()));
        if ("/_stats".equals(request.getServletPath())) {
            byte[] body = json(stats).getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        pages.render(request, response, 200, "stats", Map.of("stats", stats), start);
    }

    /** Every counter the demo shows; integers except {@code cache} and {@code store}. */
    public static Map<String, Object> snapshot(DemoServices services, Optional<OutputCache> cache) {
        Optional<OutputCacheStats> page = cache.map(OutputCache::stats);
        RenderStats renders = services.renderStats();
        long pageHits = page.map(s -> s.hits() + s.staleHits()).orElse(0L);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pageRenders", renders.pageRenders());
        m.put("fragmentRenders", renders.fragmentRenders());
        m.put("pageHits", pageHits);
        m.put("pageMisses", page.map(OutputCacheStats::misses).orElse(0L));
        m.put("pageStores", page.map(OutputCacheStats::stores).orElse(0L));
        m.put("fragmentHits", services.fragmentCounts().hits());
        m.put("fragmentMisses", services.fragmentCounts().misses());
        m.put("dataHits", services.products().hits());
        m.put("dataMisses", services.products().misses());
        m.put("dataErrors", services.products().errors());
        m.put("dataStore", services.products().storeState());
        m.put("dbQueries", services.products().database().queries());
        m.put("storeErrors", page.map(OutputCacheStats::storeErrors).orElse(0L));
        // Near cache: store reads answered in this JVM, and times it was emptied (see docs/operations.md).
        m.put("nearHits", page.map(OutputCacheStats::nearHits).orElse(0L));
        m.put("nearFlushes", page.map(OutputCacheStats::nearFlushes).orElse(0L));
        // Without the near cache: page reads that joined another request's GET of the same page.
        m.put("sharedReads", page.map(OutputCacheStats::sharedReads).orElse(0L));
        // Security: pages the leak guard kept out, and shadow mode (see docs/security.md).
        m.put("leakGuardRefusals", page.map(s -> s.refusals().getOrDefault("leak-guard", 0L)).orElse(0L));
        m.put("shadowLookups", page.map(OutputCacheStats::shadowLookups).orElse(0L));
        m.put("shadowWouldHit", page.map(OutputCacheStats::shadowWouldHit).orElse(0L));
        m.put("shadowMismatches", page.map(OutputCacheStats::shadowMismatches).orElse(0L));
        m.put("shadowMismatchPaths", cache.map(c -> String.join(" ", c.shadowMismatchSample())).orElse(""));
        m.put("requests", services.meter().requests());
        m.put("meanRenderMicros", renders.meanRenderMicros());
        m.put("renderMillisSaved", pageHits * renders.meanRenderMicros() / 1000);
        m.put("cache", services.cacheSwitch().label());
        m.put("store", services.storeDescription());
        return m;
    }

    /** A flat JSON object of numbers and strings. */
    public static String json(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> n = (Map<String, ?>) nested;
                sb.append(json(n));
            } else {
                sb.append(quote(String.valueOf(v)));
            }
        }
        return sb.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<' -> sb.append("\\u003c"); // safe inside a <script> too
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
