package io.outputcache.testing;

import jakarta.servlet.ServletContext;
import org.eclipse.jetty.util.Jetty;

/** {@link ServletContainer} on an embedded Jetty 12 (ee10 servlet environment), sessions on: a {@link TestServer}. */
final class JettyContainer implements ServletContainer {
    private final TestServer server;

    private JettyContainer(TestServer server) {
        this.server = server;
    }

    static ServletContainer start(Builder spec) {
        TestServer.Builder server = TestServer.builder().sessions(true).asyncServlets(true)
                .contextPath(spec.contextPath.isEmpty() ? "/" : spec.contextPath)
                .filterName(spec.filterName).filter(spec.filter).dispatcherTypes(spec.dispatcherTypes);
        spec.servlets.forEach(server::servlet);
        return new JettyContainer(server.start());
    }

    @Override
    public String description() {
        return "Jetty " + Jetty.VERSION;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public ServletContext servletContext() {
        return server.context().getServletContext();
    }

    @Override
    public void close() {
        server.close();
    }
}
