package io.outputcache.internal.servlet;

import io.outputcache.internal.http.HttpDates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request as the application sees it when the filter renders a page to store: always a full GET.
 * A HEAD is rendered as a GET (a HEAD render has no body to store), and the client's conditional and range
 * fields are hidden so that the application answers with the whole page; the filter answers those itself.
 * Fields may be replaced, e.g. with the stored validators when revalidating (RFC 9111 §4.3.1).
 */
public final class RenderRequest extends HttpServletRequestWrapper {
    private final Set<String> hidden;
    private final Map<String, List<String>> replaced;

    private RenderRequest(HttpServletRequest request, Set<String> hidden, Map<String, List<String>> replaced) {
        super(request);
        this.hidden = hidden;
        this.replaced = replaced;
    }

    /** Hides the named fields (lower-case) and sets the given ones. */
    public static RenderRequest of(HttpServletRequest request, Set<String> hidden, Map<String, String> replaced) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        replaced.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        return new RenderRequest(request, Set.copyOf(hidden), lower);
    }

    @Override
    public String getMethod() {
        String method = super.getMethod();
        return "HEAD".equals(method) ? "GET" : method;
    }

    @Override
    public String getHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (replaced.containsKey(lower)) {
            return replaced.get(lower).get(0);
        }
        return hidden.contains(lower) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (replaced.containsKey(lower)) {
            return Collections.enumeration(replaced.get(lower));
        }
        return hidden.contains(lower) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        Enumeration<String> e = super.getHeaderNames();
        while (e != null && e.hasMoreElements()) {
            String name = e.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!hidden.contains(lower) && !replaced.containsKey(lower)) {
                names.add(name);
            }
        }
        names.addAll(replaced.keySet());
        return Collections.enumeration(names);
    }

    @Override
    public long getDateHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (hidden.contains(lower) && !replaced.containsKey(lower)) {
            return -1;
        }
        if (replaced.containsKey(lower)) {
            return HttpDates.parse(replaced.get(lower).get(0))
                    .map(Instant::toEpochMilli)
                    .orElseThrow(() -> new IllegalArgumentException("not a date: " + replaced.get(lower).get(0)));
        }
        return super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (replaced.containsKey(lower)) {
            return Integer.parseInt(replaced.get(lower).get(0));
        }
        return hidden.contains(lower) ? -1 : super.getIntHeader(name);
    }
}
