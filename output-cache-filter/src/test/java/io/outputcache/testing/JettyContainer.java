package io.outputcache.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

import java.util.EnumSet;

/** {@link ServletContainer} on an embedded Jetty 12 (ee10 servlet environment), sessions on. */
final class JettyContainer implements ServletContainer {
    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    private JettyContainer(Server server, ServerConnector connector, ServletContextHandler context) {
        this.server = server;
        this.connector = connector;
        this.context = context;
    }

    static ServletContainer start(Builder spec) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(spec.contextPath.isEmpty() ? "/" : spec.contextPath);
        spec.servlets.forEach((mapping, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, mapping);
        });
        if (spec.filter != null) {
            FilterHolder holder = new FilterHolder(spec.filter);
            holder.setName(spec.filterName);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing with the start error
            }
            throw new IllegalStateException("jetty did not start: " + e.getMessage(), e);
        }
        return new JettyContainer(server, connector, context);
    }

    @Override
    public String description() {
        return "Jetty " + Jetty.VERSION;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("jetty did not stop", e);
        }
    }
}
