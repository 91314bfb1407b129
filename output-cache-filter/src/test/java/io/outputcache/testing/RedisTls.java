package io.outputcache.testing;

import java.util.List;

/**
 * A redis-server that speaks TLS only ({@code --port 0 --tls-port N}), with a CA and a server certificate made at
 * test time ({@link TestCertificates}). Clients are not asked for a certificate. Needs a redis-server built with
 * TLS (Debian's is); with one that is not, {@link #start()} fails naming the reason from the server's log.
 */
public final class RedisTls implements AutoCloseable {
    private final TestCertificates certificates;
    private final RedisProcess server;

    private RedisTls(TestCertificates certificates, RedisProcess server) {
        this.certificates = certificates;
        this.server = server;
    }

    public static RedisTls start() {
        TestCertificates certs = TestCertificates.create();
        RedisProcess server = RedisProcess.start(List.of("--port", "0", "--tls-port", "{port}",
                "--tls-cert-file", certs.serverCertPem().toString(),
                "--tls-key-file", certs.serverKeyPem().toString(),
                "--tls-ca-cert-file", certs.caCertPem().toString(),
                "--tls-auth-clients", "no"), certs.sslContext().getSocketFactory());
        return new RedisTls(certs, server);
    }

    /** {@code rediss://127.0.0.1:port}. */
    public String url() {
        return "rediss://127.0.0.1:" + server.port();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    public RedisProcess server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
