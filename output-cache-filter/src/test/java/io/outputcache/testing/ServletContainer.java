package io.outputcache.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;

import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A servlet container started in-process for a test, on a free loopback port: the same filter and servlets on
 * Jetty 12 (ee10) or Tomcat 10.1, so a suite parameterised by {@link Kind} checks the filter against the parts of
 * its behaviour that each container implements its own way (sessions and their cookie, async cycles, error pages,
 * redirects, HEAD, committing, how the request path is decoded).
 *
 * <p>Both run with the container's ordinary defaults, sessions on; servlets and the filter are async-supported,
 * and the filter is mapped to {@code /*} for REQUEST dispatches, as {@code web.xml} deployment does.
 */
public interface ServletContainer extends AutoCloseable {

    /** The containers the matrix runs on. */
    enum Kind {
        JETTY, TOMCAT;

        /** A builder for this container. */
        public Builder builder() {
            return new Builder(this);
        }
    }

    /** Which container this is, with its version, for test names and reports ("Jetty 12.1.14"). */
    String description();

    /** The port it listens on (127.0.0.1). */
    int port();

    /** The servlet context the filter and servlets run in. */
    ServletContext servletContext();

    default URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    default HttpProbe client() {
        return new HttpProbe("127.0.0.1", port());
    }

    /** Stops the container; a test that cannot stop it fails. */
    @Override
    void close();

    /** Collects the servlets and the filter, then starts the container. */
    final class Builder {
        final Kind kind;
        final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        Filter filter;
        String filterName = "outputCache";
        String contextPath = "";
        EnumSet<DispatcherType> dispatcherTypes = EnumSet.of(DispatcherType.REQUEST);

        private Builder(Kind kind) {
            this.kind = kind;
        }

        /** A servlet at this mapping ({@code /*}, {@code /}, {@code /exact}, {@code *.ext}), async-supported. */
        public Builder servlet(String mapping, HttpServlet servlet) {
            servlets.put(mapping, servlet);
            return this;
        }

        /** The filter, mapped to {@code /*} for REQUEST dispatches, async-supported. */
        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        public Builder filterName(String name) {
            this.filterName = name;
            return this;
        }

        /** The dispatcher types the filter is mapped for (REQUEST alone by default). */
        public Builder dispatcherTypes(EnumSet<DispatcherType> types) {
            this.dispatcherTypes = EnumSet.copyOf(types);
            return this;
        }

        /** The context path: empty (the root context, the default) or {@code /name}. */
        public Builder contextPath(String path) {
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
                throw new IllegalArgumentException("context path must be empty or /name but was '" + path + "'");
            }
            this.contextPath = path;
            return this;
        }

        public ServletContainer start() {
            return switch (kind) {
                case JETTY -> JettyContainer.start(this);
                case TOMCAT -> TomcatContainer.start(this);
            };
        }
    }
}
