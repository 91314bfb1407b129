package io.outputcache.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** The Testcontainers path of {@link TestRedis}: only taken when a Docker engine answers. */
final class Containers {
    private Containers() {
    }

    @SuppressWarnings("resource") // lives for the JVM; Testcontainers' reaper removes it
    static String redisUrlIfDockerAvailable() {
        if (!dockerAvailable()) {
            return null;
        }
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
