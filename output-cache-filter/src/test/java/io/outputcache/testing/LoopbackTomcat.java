package io.outputcache.testing;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Path;

/**
 * An embedded Tomcat 10.1, not yet started, quiet, with one HTTP connector on a free port of 127.0.0.1 (read it
 * from {@code getConnector().getLocalPort()} once started): what {@link ServletContainer}'s Tomcat and the tests
 * that deploy a {@code web.xml} on Tomcat start from.
 */
public final class LoopbackTomcat {
    private LoopbackTomcat() {
    }

    public static Tomcat create(Path baseDir) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setSilent(true);
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        return tomcat;
    }
}
