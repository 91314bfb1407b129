package io.outputcache.demo;

import io.outputcache.config.RedisUrl;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.SingleServerConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Makes the demo's Redisson client (shared by the data cache, the carts and, in code mode, the output cache). */
final class RedisClients {
    private RedisClients() {
    }

    /**
     * Connects and checks with one command; throws with a reason (never the password) when Redis does not answer.
     *
     * <p>Tuned like the library's own client, because in code mode the output cache uses this one: no retries
     * (every caller bounds its calls and treats a failure as "not cached"; Redisson retrying for seconds is what
     * made every page wait 5 to 6 seconds in an outage), and a reconnection delay capped at 2 s so that caching
     * resumes soon after Redis is back. The response timeout (3 s) bounds no request, since every caller has its
     * own, shorter bound: it frees connections from commands that never answer, and gives the start-up check
     * room on a cold JVM on a busy machine.
     */
    static RedissonClient connect(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("not a Redis URL: " + redact(url));
        }
        Config config = new Config();
        SingleServerConfig server = config.useSingleServer()
                .setAddress(uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 6379))
                .setConnectionMinimumIdleSize(4)
                .setConnectionPoolSize(64)
                .setRetryAttempts(0)
                .setTimeout(3000)
                .setConnectTimeout(2000)
                .setPingConnectionInterval(5000)
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), Duration.ofSeconds(2)));
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (parts.length == 2) {
                if (!parts[0].isEmpty()) {
                    config.setUsername(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                }
                config.setPassword(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            } else {
                config.setPassword(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            }
        }
        String path = uri.getPath();
        if (path != null && path.matches("/[0-9]{1,2}")) {
            server.setDatabase(Integer.parseInt(path.substring(1)));
        }
        RedissonClient client = null;
        try {
            client = Redisson.create(config);
            client.getBucket("demo:ping", StringCodec.INSTANCE).isExists();
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown();
            }
            throw new IllegalStateException("cannot reach Redis at " + redact(url) + ": " + rootMessage(e), e);
        }
        return client;
    }

    /**
     * The URL with its user and password replaced by {@code ****}, whatever they contain ({@code /}, {@code @} and
     * {@code :} included, encoded or not): the library's one redaction ({@link RedisUrl#redactValue}), also for
     * a value given without a scheme. Every message of the demo that names a Redis URL goes through it.
     */
    static String redact(String url) {
        return RedisUrl.redactValue(url);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
