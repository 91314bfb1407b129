package io.outputcache.store;

import io.outputcache.OutputCacheConfig;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Redis store, through Redisson with {@link ByteArrayCodec}: values are the filter's own bytes, never
 * Java-serialised objects.
 *
 * <pre>
 * {prefix}:p:&lt;hash&gt;   pages          {prefix}:f:&lt;hash&gt;   fragments     {prefix}:s:&lt;hash&gt;   shadow-mode pages
 * {prefix}:t:&lt;tag&gt;    tag index      {prefix}:l:&lt;hash&gt;   render leases
 * {prefix}:e          invalidation epoch                  {prefix}:c          the epoch of the last clear
 * </pre>
 * The read path of a hit is one GET. Every key written expires: entries and leases with their own TTL, a tag index
 * with its longest member (and at least the mark window after an invalidation), the epoch a day after the last
 * invalidation, the clear mark after the mark window. Every command touches one key (or a script one key), so the
 * store works on Redis Cluster without hash tags; reading or deleting many keys goes through Redisson, which groups
 * them by slot.
 *
 * <p>A tag index is a sorted set of entry keys scored by when their entry expires (server time): members whose
 * entry is gone by expiry are dropped whenever the index is touched, so that it holds no more than the tag's live
 * entries. Its member {@code ''} is the tag's invalidation mark (see {@link RedisScripts#TAG_ADD}).
 *
 * <p><b>Why a page rendered while its tag was invalidated does not survive</b> (write-then-verify). An
 * invalidation of tag T is: I1 {@code e' = bump(e)}; I2, one script on {@code t:T}: take its members, leave
 * the mark e'; I3 delete the members taken. A render reads {@code r = e} before it runs the application; its put
 * is: W1 {@code SET} the entry; once W1 is done, W2, one script per tag on {@code t:T}: add the entry, answer the
 * mark; if a mark is above r, delete the entry. Suppose the render used data older than the change behind the
 * invalidation: the render read its data before the change, the change came before I1, and r was read before
 * the data, so r was read before I1 on the one key {@code e}, and r &lt; e'. W2 and I2 run on the same key, one
 * after the other. If I2 came first, W2 answers a mark &ge; e' &gt; r and the put deletes its entry. If W2 came
 * first, I2 took the entry's key, and W1 (done before W2 was sent) came before I3, which deletes it. Either way
 * the old content goes. (The put's delete may also take a newer entry stored under the key meanwhile: a miss,
 * never old content.) {@link #clear} is the same with the clear mark {@code c} (raised before the entries are
 * deleted) in the place of the tag's mark, read by the put after W1. Marks are compared, never the order of
 * clocks, and a mark lives long enough for the longest render ({@link #DEFAULT_MARK_WINDOW}, or four render
 * timeouts): a render that takes longer may miss an invalidation.
 */
public final class RedisPageStore implements PageStore {

    /** How long an invalidation mark lives at least: longer than any render is expected to take. */
    static final Duration DEFAULT_MARK_WINDOW = Duration.ofMinutes(10);

    /** How long the epoch lives after the last invalidation (it is remade from the server time if it expires). */
    private static final Duration EPOCH_TTL = Duration.ofDays(1);

    /** The kinds of key this store writes under its prefix: pages, fragments, tag indexes, leases. */
    private static final List<String> KINDS = List.of("p", "s", "f", "t", "l");

    private final RedissonClient client;
    private final String prefix;
    private final boolean ownsClient;
    private final String description;
    private final Duration markWindow;

    /**
     * Connects with the filter's Redis settings ({@code redis-url}, mode, credentials, timeouts): no retries,
     * a response timeout equal to {@code store-timeout}, and lazy connection so that the application starts
     * while Redis is down.
     */
    public static RedisPageStore connect(OutputCacheConfig config) {
        Duration window = config.renderTimeout().multipliedBy(4);
        return new RedisPageStore(RedisConnections.client(config.redis(), config.storeTimeout(), config.keyPrefix()), config.keyPrefix(),
                true, RedisConnections.describe(config.redis(), config.keyPrefix()),
                window.compareTo(DEFAULT_MARK_WINDOW) > 0 ? window : DEFAULT_MARK_WINDOW);
    }

    /** Uses a client the application owns; {@link #close()} leaves it running. */
    public RedisPageStore(RedissonClient client, String keyPrefix) {
        this(client, keyPrefix, false, "redis prefix=" + keyPrefix, DEFAULT_MARK_WINDOW);
    }

    RedisPageStore(RedissonClient client, String keyPrefix, boolean ownsClient, String description,
                   Duration markWindow) {
        this.client = client;
        this.prefix = keyPrefix + ":";
        this.ownsClient = ownsClient;
        this.description = description;
        this.markWindow = markWindow;
    }

    /** The client this store talks through; the near cache's invalidation channel shares it. */
    public RedissonClient redisson() {
        return client;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        return client.<byte[]>getBucket(prefix + key, ByteArrayCodec.INSTANCE).getAsync();
    }

    /**
     * One {@code MGET}. On a cluster Redisson groups the keys by master and slot and sends each master one
     * pipelined batch of one {@code MGET} per slot, all masters at once: one round trip in time, and never a
     * command whose keys span slots (CROSSSLOT).
     */
    @Override
    public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String[] full = keys.stream().distinct().map(k -> prefix + k).toArray(String[]::new);
        return client.getBuckets(ByteArrayCodec.INSTANCE).<byte[]>getAsync(full).thenApply(values -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            values.forEach((fullKey, value) -> {
                if (value != null && fullKey.startsWith(prefix)) {
                    found.put(fullKey.substring(prefix.length()), value);
                }
            });
            return found;
        });
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        // No epoch to check against, but still the entry before its tags: an invalidation that takes the key from
        // a tag then always finds the entry to delete (sent at once, a tag could be taken before the entry lands).
        return setEntry(key, value, ttl).thenCompose(written -> {
            List<CompletableFuture<Long>> tagged = addToTags(tags, key, ttl);
            return CompletableFuture.allOf(tagged.toArray(CompletableFuture[]::new));
        });
    }

    @Override
    public CompletionStage<Long> invalidationEpoch() {
        return client.<String>getBucket(prefix + "e", StringCodec.INSTANCE).getAsync()
                .thenApply(e -> e == null ? 0L : Long.parseLong(e));
    }

    @Override
    public CompletionStage<Boolean> put(String key, byte[] value, Duration ttl, Collection<String> tags,
                                        long renderEpoch) {
        // W1, then W2 (the tags, answering their marks) and the clear mark: the order the proof above needs.
        return setEntry(key, value, ttl).thenCompose(written -> {
            List<CompletableFuture<Long>> marks = addToTags(tags, key, ttl);
            marks.add(client.<String>getBucket(prefix + "c", StringCodec.INSTANCE).getAsync()
                    .thenApply(c -> c == null ? 0L : Long.parseLong(c)).toCompletableFuture());
            return CompletableFuture.allOf(marks.toArray(CompletableFuture[]::new)).handle((all, error) -> error)
                    .thenCompose(error -> {
                        if (error != null) {
                            // Not in its tags, or not checked: an entry no invalidation could find must not stay.
                            return delete(key).handle((deleted, again) -> {
                                throw error instanceof CompletionException c ? c : new CompletionException(error);
                            });
                        }
                        if (marks.stream().noneMatch(mark -> mark.join() > renderEpoch)) {
                            return CompletableFuture.completedFuture(true);
                        }
                        // Rendered before an invalidation of one of its tags finished: its content may predate it.
                        return delete(key).thenApply(deleted -> false);
                    });
        });
    }

    private CompletableFuture<Void> setEntry(String key, byte[] value, Duration ttl) {
        return client.<byte[]>getBucket(prefix + key, ByteArrayCodec.INSTANCE).setAsync(value, ttl)
                .toCompletableFuture();
    }

    /** Adds the entry to each tag's index, one script per tag key; a mutable list of their marks. */
    private List<CompletableFuture<Long>> addToTags(Collection<String> tags, String key, Duration ttl) {
        List<CompletableFuture<Long>> marks = new ArrayList<>();
        for (String tag : tags) {
            marks.add(addToTag(tag, key, ttl));
        }
        return marks;
    }

    /** Adds the entry to the tag's index; completes with the tag's invalidation mark (0 when none). */
    private CompletableFuture<Long> addToTag(String tag, String key, Duration ttl) {
        String tagKey = prefix + "t:" + tag;
        return client.getScript(StringCodec.INSTANCE).<Long>evalAsync(tagKey, RScript.Mode.READ_WRITE,
                RedisScripts.TAG_ADD, RScript.ReturnType.LONG, List.of(tagKey), prefix + key,
                Long.toString(ttl.toMillis())).toCompletableFuture();
    }

    /** Raises the invalidation epoch: every render that read it before will not keep what it stores now. */
    private CompletableFuture<Long> bumpEpoch() {
        String epochKey = prefix + "e";
        return client.getScript(StringCodec.INSTANCE).<Long>evalAsync(epochKey, RScript.Mode.READ_WRITE,
                RedisScripts.EPOCH_BUMP, RScript.ReturnType.LONG, List.of(epochKey),
                Long.toString(EPOCH_TTL.toMillis())).toCompletableFuture();
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return client.getKeys().unlinkAsync(prefix + key).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        String tagKey = prefix + "t:" + tag;
        // I1, then I2 (take the members, leave the mark), then I3: see the class comment.
        return bumpEpoch().thenCompose(epoch -> client.getScript(StringCodec.INSTANCE)
                .<List<Object>>evalAsync(tagKey, RScript.Mode.READ_WRITE, RedisScripts.TAG_TAKE,
                        RScript.ReturnType.LIST, List.of(tagKey), Long.toString(epoch),
                        Long.toString(markWindow.toMillis())))
                .thenCompose(members -> {
                    if (members == null || members.isEmpty()) {
                        return CompletableFuture.completedFuture(0L);
                    }
                    String[] keys = members.stream().map(Object::toString).toArray(String[]::new);
                    return client.getKeys().unlinkAsync(keys);
                });
    }

    @Override
    public CompletionStage<Void> clear() {
        String clearKey = prefix + "c";
        // A clear invalidates everything: renders under way when it started must not keep what they store.
        return bumpEpoch().thenCompose(epoch -> client.getScript(StringCodec.INSTANCE)
                .<Long>evalAsync(clearKey, RScript.Mode.READ_WRITE, RedisScripts.MARK_RAISE, RScript.ReturnType.LONG,
                        List.of(clearKey), Long.toString(epoch), Long.toString(markWindow.toMillis())))
                .thenCompose(raised -> {
                    // Only the kinds of key the cache writes: an application that shares the prefix keeps its own.
                    List<CompletableFuture<Long>> deletes = new ArrayList<>();
                    for (String kind : KINDS) {
                        deletes.add(client.getKeys().unlinkByPatternAsync(prefix + kind + ":*").toCompletableFuture());
                    }
                    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
                });
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        return client.<String>getBucket(prefix + key, StringCodec.INSTANCE).setIfAbsentAsync(token, ttl);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        // compare-and-set to null deletes only if this token still holds the lease
        return client.<String>getBucket(prefix + key, StringCodec.INSTANCE).compareAndSetAsync(token, null)
                .thenApply(released -> null);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.shutdown();
        }
    }
}
