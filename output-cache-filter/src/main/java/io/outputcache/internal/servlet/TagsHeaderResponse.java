package io.outputcache.internal.servlet;

import io.outputcache.internal.config.HeaderTags;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes the configured tags header ({@code tags-header}, e.g. {@code Surrogate-Key}) off the response: the
 * application sets it like any header, the filter keeps its tags in the request attribute {@link #ATTRIBUTE} for
 * the store pipeline, and the header itself never reaches the container, so no client, proxy or stored page ever
 * sees it (misses, bypasses and responses no rule covers alike; a hit replays stored headers, which never had it).
 * Sits directly over the container's response, below everything the filter wraps around it.
 */
public final class TagsHeaderResponse extends HttpServletResponseWrapper {
    /** Request attribute: the {@code Set<String>} of tags the tags header gave this response. */
    public static final String ATTRIBUTE = TagsHeaderResponse.class.getName() + ".tags";

    private final HttpServletRequest request;
    private final String name;
    private final Consumer<List<String>> rejected;

    /**
     * @param name     the header's name, lower-case
     * @param rejected told what a header value held that is not a valid tag (for a throttled log)
     */
    public TagsHeaderResponse(HttpServletResponse response, HttpServletRequest request, String name,
                              Consumer<List<String>> rejected) {
        super(response);
        this.request = request;
        this.name = name;
        this.rejected = rejected;
    }

    /**
     * The request to hand down the chain with this response: its {@code startAsync()} starts the cycle on this
     * response, so that an application writing through {@code AsyncContext.getResponse()} cannot reach the
     * container's response past it (a no-argument {@code startAsync()} would otherwise give the container's own,
     * servlet spec §2.3.3.3).
     */
    public HttpServletRequest request() {
        return new HttpServletRequestWrapper(request) {
            @Override
            public AsyncContext startAsync() {
                return startAsync(this, TagsHeaderResponse.this);
            }
        };
    }

    /** The tags the tags header gave this request's response, empty when it had none. */
    @SuppressWarnings("unchecked")
    public static Set<String> of(HttpServletRequest request) {
        Object tags = request.getAttribute(ATTRIBUTE);
        return tags instanceof Set<?> set ? (Set<String>) set : Set.of();
    }

    private boolean isTags(String header) {
        return header != null && header.equalsIgnoreCase(name);
    }

    private void take(String value, boolean replace) {
        Set<String> tags = new LinkedHashSet<>(replace ? Set.of() : of(request));
        HeaderTags.Parsed parsed = HeaderTags.parse(value);
        tags.addAll(parsed.tags());
        if (!parsed.rejected().isEmpty()) {
            rejected.accept(parsed.rejected());
        }
        request.setAttribute(ATTRIBUTE, Set.copyOf(tags));
    }

    @Override
    public void setHeader(String header, String value) {
        if (isTags(header)) {
            take(value, true); // a null value removes the field (Servlet 6): its tags go with it
        } else {
            super.setHeader(header, value);
        }
    }

    @Override
    public void addHeader(String header, String value) {
        if (isTags(header)) {
            take(value, false);
        } else {
            super.addHeader(header, value);
        }
    }

    @Override
    public void setIntHeader(String header, int value) {
        if (isTags(header)) {
            take(Integer.toString(value), true);
        } else {
            super.setIntHeader(header, value);
        }
    }

    @Override
    public void addIntHeader(String header, int value) {
        if (isTags(header)) {
            take(Integer.toString(value), false);
        } else {
            super.addIntHeader(header, value);
        }
    }

    @Override
    public void setDateHeader(String header, long date) {
        if (!isTags(header)) { // a date is no tag: dropped like any field of that name
            super.setDateHeader(header, date);
        }
    }

    @Override
    public void addDateHeader(String header, long date) {
        if (!isTags(header)) {
            super.addDateHeader(header, date);
        }
    }

    /** Clears the tags with the headers: a reset response is rendered again from nothing (servlet spec). */
    @Override
    public void reset() {
        super.reset();
        request.removeAttribute(ATTRIBUTE);
    }

    @Override
    public boolean containsHeader(String header) {
        return !isTags(header) && super.containsHeader(header);
    }

    @Override
    public String getHeader(String header) {
        return isTags(header) ? null : super.getHeader(header);
    }

    @Override
    public Collection<String> getHeaders(String header) {
        return isTags(header) ? List.of() : super.getHeaders(header);
    }
}
