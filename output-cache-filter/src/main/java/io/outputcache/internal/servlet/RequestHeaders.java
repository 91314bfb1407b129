package io.outputcache.internal.servlet;

import io.outputcache.internal.http.HeaderSource;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A request's header fields, asked of the container one name at a time (its lookups compare names without case,
 * as the Servlet API promises). Valid only while the request is being served: the container recycles it after.
 */
final class RequestHeaders implements HeaderSource {
    private final HttpServletRequest request;

    RequestHeaders(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public List<String> values(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = orEmpty(values.nextElement());
        if (!values.hasMoreElements()) {
            return List.of(first);
        }
        List<String> all = new ArrayList<>(2);
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(orEmpty(values.nextElement()));
        }
        return Collections.unmodifiableList(all);
    }

    @Override
    public String first(String name) {
        return request.getHeader(name);
    }

    @Override
    public boolean containsAny(Set<String> lowerNames) {
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            if (lowerNames.contains(names.nextElement().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void forEach(BiConsumer<String, String> field) {
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                field.accept(name, orEmpty(values.nextElement()));
            }
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
