package io.outputcache.testing;

import jakarta.servlet.ServletContext;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@link ServletContainer} on an embedded Tomcat 10.1, configured as a plain {@code web.xml} deployment would be:
 * the default connector, the host's error report valve, the standard session manager (not persisted across
 * restarts here, so no test leaves a session file behind).
 */
final class TomcatContainer implements ServletContainer {
    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;
    private final Path baseDir;

    private TomcatContainer(Tomcat tomcat, Connector connector, Context context, Path baseDir) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.context = context;
        this.baseDir = baseDir;
    }

    static ServletContainer start(Builder spec) {
        Path baseDir = tempDir();
        Tomcat tomcat = LoopbackTomcat.create(baseDir);
        Connector connector = tomcat.getConnector();
        tomcat.getHost().setAutoDeploy(false);

        Context context = tomcat.addContext(spec.contextPath, baseDir.toAbsolutePath().toString());
        StandardManager sessions = new StandardManager();
        sessions.setPathname(null);
        context.setManager(sessions);
        int n = 0;
        for (var entry : spec.servlets.entrySet()) {
            String name = "servlet" + n++;
            Wrapper wrapper = Tomcat.addServlet(context, name, entry.getValue());
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded(entry.getKey(), name);
        }
        if (spec.filter != null) {
            FilterDef def = new FilterDef();
            def.setFilterName(spec.filterName);
            def.setFilter(spec.filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(spec.filterName);
            map.addURLPatternDecoded("/*");
            spec.dispatcherTypes.forEach(type -> map.setDispatcher(type.name())); // each call adds one
            context.addFilterMap(map);
        }
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            stopQuietly(tomcat);
            delete(baseDir);
            throw new IllegalStateException("tomcat did not start: " + e.getMessage(), e);
        }
        if (!context.getState().isAvailable()) {
            // Tomcat logs a failing filter or servlet init and carries on with the context stopped.
            stopQuietly(tomcat);
            delete(baseDir);
            throw new IllegalStateException("tomcat started but the context did not (state " + context.getState()
                    + "): a filter or servlet failed to initialise");
        }
        return new TomcatContainer(tomcat, connector, context, baseDir);
    }

    @Override
    public String description() {
        return ServerInfo.getServerInfo();
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
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("tomcat did not stop", e);
        } finally {
            delete(baseDir);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("outputcache-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for tomcat", e);
        }
    }

    private static void stopQuietly(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException ignored) {
            // already failing with the start error
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing a test for
        }
    }
}
