package io.outputcache.demo;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The Redis the demo starts when no {@code --redis} is given: the server binary bundled in the embedded-redis
 * artifact, run as a child process on a free loopback port, without persistence, stopped when the demo stops.
 */
final class EmbeddedRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts one; throws with the reason when the bundled binary cannot run here. */
    static EmbeddedRedis start() throws IOException {
        int port = freePort();
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 256mb")
                .setting("maxmemory-policy allkeys-lru")
                .build();
        server.start();
        return new EmbeddedRedis(server, port);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            // The process is a child of this one and goes when the JVM goes; nothing else to do.
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
