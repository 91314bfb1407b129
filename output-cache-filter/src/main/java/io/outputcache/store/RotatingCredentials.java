package io.outputcache.store;

import io.outputcache.config.RedisCredentials;
import io.outputcache.config.RedisCredentialsResolver;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Redisson's {@link CredentialsResolver} over the filter's {@link RedisCredentialsResolver}: asks the application's
 * resolver on a thread of its own (never a Netty or request thread), keeps expiring credentials until
 * {@link CredentialsRenewal} says to renew them, and then completes {@link #nextRenewal()}, on which Redisson
 * re-authenticates every open connection. Failures are logged by class and message only, never a credential.
 */
final class RotatingCredentials implements CredentialsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingCredentials.class);

    private final RedisCredentialsResolver resolver;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile RedisCredentials current;
    private volatile CompletableFuture<Void> renewal = new CompletableFuture<>();
    private volatile String lastFailure;
    private final AtomicBoolean renewalPending = new AtomicBoolean();

    RotatingCredentials(RedisCredentialsResolver resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-cache-redis-credentials");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the renewal thread once {@code stopped} says the client is shut down (checked every few seconds). */
    void stopWhen(BooleanSupplier stopped) {
        thread.scheduleWithFixedDelay(() -> {
            if (stopped.getAsBoolean()) {
                thread.shutdownNow();
            }
        }, 2, 2, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<Credentials> resolve(InetSocketAddress address) {
        RedisCredentials held = current;
        if (held != null && CredentialsRenewal.reusable(held, clock.instant())) {
            return CompletableFuture.completedFuture(redisson(held));
        }
        try {
            return CompletableFuture.supplyAsync(() -> redisson(fetchUnlessHeld()), thread);
        } catch (RuntimeException rejected) {
            // The client is shutting down: no new connection needs credentials any more.
            return CompletableFuture.failedFuture(rejected);
        }
    }

    @Override
    public CompletionStage<Void> nextRenewal() {
        return renewal;
    }

    /**
     * For a new connection: the held credentials if another connection's fetch (queued before on the same thread)
     * got reusable ones meanwhile, so that a pool opening many connections at once asks a token service once.
     */
    private RedisCredentials fetchUnlessHeld() {
        RedisCredentials held = current;
        return held != null && CredentialsRenewal.reusable(held, clock.instant()) ? held : fetch();
    }

    /** Asks the application's resolver (on {@link #thread}), keeps the answer and schedules its renewal. */
    private RedisCredentials fetch() {
        Instant now = clock.instant();
        RedisCredentials fresh;
        try {
            fresh = resolver.resolve();
            if (fresh == null) {
                throw new IllegalStateException("resolve() returned null");
            }
        } catch (Exception e) {
            failed(e);
            throw new IllegalStateException("redis-credentials-resolver " + resolver.getClass().getName()
                    + " failed: " + e, e);
        }
        current = fresh;
        lastFailure = null;
        // One renewal pending at a time, whichever fetch (a connection's or the renewal's own) got them.
        CredentialsRenewal.renewAt(fresh, now).filter(at -> !renewalPending.getAndSet(true))
                .ifPresent(this::scheduleRenewal);
        return fresh;
    }

    private void scheduleRenewal(Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        thread.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    /** Renews expiring credentials ahead of their expiry and lets Redisson re-authenticate the open connections. */
    private void renew() {
        RedisCredentials before = current;
        renewalPending.set(false);
        try {
            fetch();
        } catch (RuntimeException e) {
            // Keep what still works until it expires, and try again soon.
            renewalPending.set(true);
            Instant retry = CredentialsRenewal.retryAt(before == null ? Optional.empty() : before.expiresAt(),
                    clock.instant());
            scheduleRenewal(retry);
            return;
        }
        CompletableFuture<Void> done = renewal;
        renewal = new CompletableFuture<>();
        done.complete(null);
    }

    private void failed(Exception e) {
        String what = e.getClass().getName() + ": " + e.getMessage();
        // One line per distinct failure: a resolver failing on every connection attempt must not flood the log.
        if (!what.equals(lastFailure)) {
            lastFailure = what;
            LOG.warn("redis-credentials-resolver {} failed, keeping the credentials held (if any): {}",
                    resolver.getClass().getName(), what);
        }
    }

    private static Credentials redisson(RedisCredentials c) {
        return new Credentials(c.username().orElse(null), c.password());
    }
}
