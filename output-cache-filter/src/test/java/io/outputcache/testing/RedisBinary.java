package io.outputcache.testing;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a redis-server binary: the one on PATH, else the one bundled in the embedded-redis artifact. */
public final class RedisBinary {
    private static volatile Path cached;

    private RedisBinary() {
    }

    public static synchronized Path find() {
        if (cached != null) {
            return cached;
        }
        Optional<Path> onPath = onPath();
        if (onPath.isPresent()) {
            return cached = onPath.get();
        }
        try {
            File bundled = ExecutableProvider.newJarResourceProvider().get();
            if (!bundled.canExecute() && !bundled.setExecutable(true)) {
                throw new IllegalStateException("the bundled redis-server at " + bundled + " cannot be made executable");
            }
            return cached = bundled.toPath();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No Redis for the tests: set REDIS_URL to a running server, start a Docker"
                    + " engine (Testcontainers runs redis:7), or put redis-server on PATH (e.g. apt-get install"
                    + " redis-server). The bundled embedded-redis binary could not be used either: " + e, e);
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
