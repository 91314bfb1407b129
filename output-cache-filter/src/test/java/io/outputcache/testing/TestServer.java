package io.outputcache.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** An in-process Jetty 12 on a free loopback port, with a filter in front of test servlets. */
public final class TestServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    private TestServer(Server server, ServerConnector connector, ServletContextHandler context) {
        this.server = server;
        this.connector = connector;
        this.context = context;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpProbe client() {
        return new HttpProbe("127.0.0.1", port());
    }

    public ServletContextHandler context() {
        return context;
    }

    public Server server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("jetty did not stop", e);
        }
    }

    /** Collects the servlets and the filter, then starts. */
    public static final class Builder {
        private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        private Filter filter;
        private String filterName = "outputCache";
        private String contextPath = "/";
        private boolean sessions;
        private boolean asyncServlets;
        private EnumSet<DispatcherType> dispatcherTypes = EnumSet.of(DispatcherType.REQUEST);

        public Builder servlet(String mapping, HttpServlet servlet) {
            servlets.put(mapping, servlet);
            return this;
        }

        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        public Builder filterName(String name) {
            this.filterName = name;
            return this;
        }

        /** Real container sessions (off by default: most tests need none). */
        public Builder sessions(boolean sessions) {
            this.sessions = sessions;
            return this;
        }

        /** Servlets async-supported, as the filter is (off by default, as a servlet declared without it is). */
        public Builder asyncServlets(boolean asyncServlets) {
            this.asyncServlets = asyncServlets;
            return this;
        }

        /** The dispatcher types the filter is mapped for (REQUEST alone by default). */
        public Builder dispatcherTypes(EnumSet<DispatcherType> types) {
            this.dispatcherTypes = EnumSet.copyOf(types);
            return this;
        }

        public Builder contextPath(String path) {
            this.contextPath = path;
            return this;
        }

        public TestServer start() {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(
                    sessions ? ServletContextHandler.SESSIONS : ServletContextHandler.NO_SESSIONS);
            context.setContextPath(contextPath);
            servlets.forEach((mapping, servlet) -> {
                ServletHolder holder = new ServletHolder(servlet);
                if (asyncServlets) {
                    holder.setAsyncSupported(true);
                }
                context.addServlet(holder, mapping);
            });
            if (filter != null) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setName(filterName);
                holder.setAsyncSupported(true);
                context.addFilter(holder, "/*", dispatcherTypes);
            }
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // already failing
                }
                throw new IllegalStateException("jetty did not start: " + e.getMessage(), e);
            }
            return new TestServer(server, connector, context);
        }
    }
}
