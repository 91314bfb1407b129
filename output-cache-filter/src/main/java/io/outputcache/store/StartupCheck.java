package io.outputcache.store;

import org.redisson.api.RedissonClient;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One read at start-up, answered in the background, so that an operator finds the reason the cache does not work
 * in one line of the start-up log: credentials refused, certificate not trusted, or no server reachable. The
 * filter starts either way and renders uncached until Redis answers (the circuit breaker takes it from there).
 */
final class StartupCheck {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache");
    private static final int ATTEMPTS = 3;
    /** Redisson may quote a command's arguments in its messages; an AUTH's are the credentials. */
    private static final Pattern PARAMS = Pattern.compile("(?i)params: ?\\(.*?\\)|command: ?\\(AUTH.*?\\)");

    /** Why Redis did not answer, as an operator needs to know it. */
    enum Cause {
        CREDENTIALS("refused the credentials: check redis-username / redis-password or the"
                + " redis-credentials-resolver (user enabled, password or token valid, key pattern allowed)"),
        CERTIFICATE("presented a certificate this client does not trust: set redis-trust-store or redis-ca-pem to"
                + " the CA that signed it (verification stays on)"),
        RESOLVER("got no credentials: the redis-credentials-resolver failed (its own line says why)"),
        UNREACHABLE("could not be reached: check redis-url, redis-mode, the port, and that the server is up"),
        SLOW("did not answer in time (" + ATTEMPTS + " tries): check the network and redis-connect-timeout"),
        OTHER("did not answer");

        final String text;

        Cause(String text) {
            this.text = text;
        }
    }

    private StartupCheck() {
    }

    /** Starts the probe; logs one WARN line if it fails, and nothing at WARN if Redis answers. */
    static void start(RedissonClient client, String where, String probeKey, List<String> secrets) {
        probe(client, where, probeKey, secrets, ATTEMPTS);
    }

    private static void probe(RedissonClient client, String where, String probeKey, List<String> secrets, int left) {
        client.<byte[]>getBucket(probeKey, ByteArrayCodec.INSTANCE).isExistsAsync().whenComplete((exists, error) -> {
            if (error == null) {
                LOG.debug("{} answered at start-up", where);
                return;
            }
            if (client.isShuttingDown() || client.isShutdown()) {
                // The filter was destroyed before Redis answered: nothing for an operator to fix.
                return;
            }
            Cause cause = classify(error);
            if (cause == Cause.SLOW && left > 1) {
                // A cold JVM opening its first connections can miss Redisson's response timeout once: ask again
                // before telling the operator that a server which is merely slow to start is broken.
                probe(client, where, probeKey, secrets, left - 1);
                return;
            }
            LOG.warn("{} {}; pages are rendered uncached until it answers ({})", where, cause.text,
                    redact(rootMessage(error), secrets));
        });
    }

    static Cause classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).startsWith("redis-credentials-resolver ")) {
                return Cause.RESOLVER;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toUpperCase(Locale.ROOT);
            if (m.contains("WRONGPASS") || m.contains("NOAUTH") || m.contains("INVALID PASSWORD")
                    || m.contains("INVALID USERNAME-PASSWORD") || m.contains("NOPERM")) {
                return Cause.CREDENTIALS;
            }
            if (t instanceof SSLException || t instanceof CertificateException || m.contains("PKIX")
                    || m.contains("CERTIFICATE")) {
                return Cause.CERTIFICATE;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RedisTimeoutException) {
                return Cause.SLOW;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof ConnectException || m.contains("unable to connect") || m.contains("can't connect")
                    || m.contains("connection refused") || m.contains("connection timed out")
                    || t.getClass().getSimpleName().contains("ConnectTimeout")) {
                return Cause.UNREACHABLE;
            }
        }
        return Cause.OTHER;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The message without command arguments and without any secret the configuration holds. */
    static String redact(String message, List<String> secrets) {
        String out = PARAMS.matcher(message).replaceAll("params: (****)");
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }
}
