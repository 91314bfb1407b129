package io.outputcache.internal.near;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The pub/sub channel {@code {prefix}:inv} (a Redisson {@link RTopic} with {@link StringCodec}): publishes what
 * this node invalidated, applies what every node (this one too) invalidated to the near cache, and keeps the near
 * cache empty while it cannot be sure that it hears every invalidation ({@link ChannelHealth}).
 *
 * <p>One plain channel, not Redis's server-assisted client-side caching ({@code CLIENT TRACKING}): tracking
 * would need RESP3 or a redirect connection per node, tracks every key read (memory on the server for each), and
 * on Redis Cluster needs a tracking connection to every master; one channel carries tags and clears as one short
 * message each, works the same on every topology, and its heartbeats tell a node when it went deaf.
 */
final class InvalidationChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache");

    private final RTopic topic;
    private final NearCache cache;
    private final ChannelHealth health;
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder flushes;
    private final ScheduledExecutorService timer;
    private final List<Integer> listenerIds = new ArrayList<>();
    private volatile boolean listening;
    private final AtomicInteger subscribing = new AtomicInteger();
    private volatile boolean closed;

    InvalidationChannel(RedissonClient client, String keyPrefix, NearCache cache, Duration heartbeat,
                        Duration silenceLimit, LongAdder flushes) {
        this.topic = client.getTopic(keyPrefix + ":inv", StringCodec.INSTANCE);
        this.cache = cache;
        this.health = new ChannelHealth(silenceLimit);
        this.flushes = flushes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outputcache-near-" + keyPrefix);
            t.setDaemon(true);
            return t;
        });
        listen();
        timer.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the near cache may fill now. */
    boolean up() {
        return health.up();
    }

    CompletionStage<Void> publishKeys(List<String> keys) {
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (String message : InvalidationMessage.keys(keys)) {
            sent.add(topic.publishAsync(message).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    CompletionStage<Void> publishTag(String tag) {
        return topic.publishAsync(InvalidationMessage.tag(tag)).thenApply(n -> null);
    }

    CompletionStage<Void> publishAll() {
        return topic.publishAsync(InvalidationMessage.all()).thenApply(n -> null);
    }

    private void listen() {
        StatusListener status = new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                apply(() -> health.subscribed(System.nanoTime()), "subscribed to " + channel);
            }

            @Override
            public void onUnsubscribe(String channel) {
                apply(health::unsubscribed, "unsubscribed from " + channel);
            }
        };
        MessageListener<String> messages = (channel, text) -> receive(text);
        listening = true;
        subscribing.set(2);
        topic.addListenerAsync(status).whenComplete((id, e) -> registered(id, e));
        topic.addListenerAsync(String.class, messages).whenComplete((id, e) -> registered(id, e));
    }

    private synchronized void registered(Integer id, Throwable error) {
        subscribing.decrementAndGet();
        if (error != null) {
            // Redis is down at start-up: the next heartbeat tick tries again.
            listening = false;
            LOG.debug("near cache: subscribing to the invalidation channel failed: {}", error.toString());
        } else if (closed) {
            topic.removeListenerAsync(id);
        } else {
            listenerIds.add(id);
        }
    }

    private void receive(String text) {
        InvalidationMessage message = InvalidationMessage.parse(text);
        if (message instanceof InvalidationMessage.Keys k) {
            cache.dropKeys(k.keys());
        } else if (message instanceof InvalidationMessage.Tag t) {
            cache.dropTag(t.tag());
        } else if (message instanceof InvalidationMessage.Heartbeat h) {
            if (h.node().equals(node)) {
                apply(() -> health.ownHeartbeat(h.seq(), System.nanoTime()), "heartbeats arrive");
            }
        } else {
            cache.dropAll();
        }
    }

    private void beat() {
        if (closed) {
            return;
        }
        try {
            apply(() -> health.tick(System.nanoTime()), "no heartbeat of this node's for a while");
            if (!listening && subscribing.get() <= 0) {
                synchronized (this) {
                    listenerIds.forEach(topic::removeListenerAsync);
                    listenerIds.clear();
                }
                listen();
            }
            topic.publishAsync(InvalidationMessage.heartbeat(node, seq.getAndIncrement()))
                    .whenComplete((n, e) -> {
                        if (e != null) {
                            apply(health::publishFailed, "a heartbeat could not be published");
                        }
                    });
        } catch (RuntimeException e) {
            // The timer must keep running whatever one tick met (a client shutting down, for instance).
            apply(health::publishFailed, "heartbeat failed: " + e);
        }
    }

    /** Runs a health event and what it asks of the cache as one step, so that two events cannot cross. */
    private synchronized void apply(Supplier<ChannelHealth.Change> event, String why) {
        if (closed) {
            return;
        }
        boolean wasUp = health.up();
        switch (event.get()) {
            case UP -> {
                cache.enable();
                if (wasUp) {
                    flushes.increment(); // a gap or a new subscription while up: emptied all the same
                }
                LOG.info("near cache: invalidations flow ({}); filling from empty", why);
            }
            case DOWN -> {
                cache.disable();
                flushes.increment();
                LOG.warn("near cache emptied: {}; it stays empty until invalidations arrive again", why);
            }
            case NONE -> {
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            cache.disable();
            listenerIds.forEach(topic::removeListenerAsync);
            listenerIds.clear();
        }
        timer.shutdownNow();
    }
}
