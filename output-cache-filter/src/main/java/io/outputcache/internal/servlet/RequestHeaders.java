package io.outputcache.internal.servlet;

import io.outputcache.internal.http.HeaderSource;
import io.outputcache.internal.key.TextMemo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A request's header fields, asked of the container one name at a time (its lookups compare names without case,
 * as the Servlet API promises). Valid only while the request is being served: the container recycles it after.
 *
 * <p>The names the request carries are read once, on first need: the screen of a hit asks about a dozen names
 * (override and forwarding fields, a body, credentials, cache directives) that a request seldom sends, and an
 * absent one is then answered from that list without asking the container; a present one is asked for. Only for
 * the container's own request object: a wrapper put in front by an earlier filter may answer {@code getHeader} for
 * a field its {@code getHeaderNames} does not list, so a wrapped request is asked about every name.
 */
final class RequestHeaders implements HeaderSource {
    private static final String[] NONE = new String[0];
    /** Field names as clients spell them ("Accept-Encoding") in lower case, made once per spelling, not per request. */
    private static final TextMemo<String> LOWER_CASE = new TextMemo<>(name -> name.toLowerCase(Locale.ROOT), 256);

    private final HttpServletRequest request;
    /** The field names as the container gives them ({@code null} when it does not say), and lower-case. */
    private String[] names;
    private String[] lowerNames;
    private boolean read;
    /** Whether an absent name may be answered from the listed names (not for a wrapper; see the class comment). */
    private final boolean namesComplete;

    RequestHeaders(HttpServletRequest request) {
        this.request = request;
        this.namesComplete = !(request instanceof HttpServletRequestWrapper);
    }

    @Override
    public List<String> values(String name) {
        if (!present(name)) {
            return List.of();
        }
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
        return present(name) ? request.getHeader(name) : null;
    }

    @Override
    public boolean containsAny(Set<String> lowerNames) {
        if (namesComplete) {
            readNames();
            if (names != null) {
                for (String name : this.lowerNames) {
                    if (lowerNames.contains(name)) {
                        return true;
                    }
                }
                return false;
            }
        }
        // A wrapper's list need not name what it answers, and a container may list nothing: asked by name, so that
        // a forwarding field the render reads is never left out of the key.
        for (String name : lowerNames) {
            if (request.getHeader(name) != null) {
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

    /** Whether the request may carry the field: false only when no name it carries matches without case. */
    private boolean present(String name) {
        if (!namesComplete) {
            return true; // a wrapper's lookups need not agree with its list: ask it
        }
        readNames();
        if (names == null) {
            return true; // a container that does not list the names: ask it
        }
        for (String carried : names) {
            if (carried.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private void readNames() {
        if (read) {
            return;
        }
        read = true;
        Enumeration<String> all = request.getHeaderNames();
        if (all == null) {
            lowerNames = NONE; // nothing listed: every question goes to the container
            return;
        }
        String[] listed = new String[16];
        int count = 0;
        while (all.hasMoreElements()) {
            if (count == listed.length) {
                listed = Arrays.copyOf(listed, count * 2);
            }
            listed[count++] = all.nextElement();
        }
        String[] lower = new String[count];
        for (int i = 0; i < count; i++) {
            lower[i] = LOWER_CASE.apply(listed[i]);
        }
        names = count == listed.length ? listed : Arrays.copyOf(listed, count);
        lowerNames = lower;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
