package io.outputcache.conformance;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;
import java.util.Optional;

/** An in-process Jetty on a free loopback port: {@link FaithfulProxyServlet} to an origin, optionally a filter in front. */
final class ProxyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private ProxyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static ProxyServer start(String originBaseUrl, Optional<Filter> filter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ServletHolder proxy = new ServletHolder("proxy", FaithfulProxyServlet.class);
        proxy.setInitParameter("proxyTo", originBaseUrl);
        proxy.setInitParameter("timeout", "30000");
        proxy.setAsyncSupported(true); // the proxy servlet answers asynchronously
        context.addServlet(proxy, "/*");
        filter.ifPresent(f -> {
            FilterHolder holder = new FilterHolder(f);
            holder.setName("outputCache");
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        });
        server.setHandler(context);
        server.start();
        return new ProxyServer(server, connector);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
