package io.outputcache.security;

import io.outputcache.testing.TestServer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * The deception suite again on a container that accepts ambiguous paths (Jetty's {@code UriCompliance.UNSAFE}:
 * encoded slashes, encoded dot-segments, empty segments), as lenient containers and proxies do. Jetty no longer
 * rejects the hostile forms with 400, so the filter's own defences (path normalisation, the container-path check,
 * the type check) have to hold on their own.
 */
class LenientContainerDeceptionTest extends DeceptionTest {
    @Override
    void configure(TestServer started) {
        started.server().getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .setUriCompliance(UriCompliance.UNSAFE);
        started.context().getServletHandler().setDecodeAmbiguousURIs(true);
    }
}
