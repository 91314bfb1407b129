package io.outputcache.demo.shop;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link DataStore} on Redis through Redisson, with the string codec only. Every call is asynchronous underneath
 * and goes through a {@link StoreGuard}: at most {@link #CALL_TIMEOUT} per call, and none at all while the breaker
 * is open, so that a Redis outage costs a page the database's time and no more.
 *
 * <p>Writes are Lua scripts, never an {@link RBatch}: Redisson encodes a batched command's arguments into Netty
 * buffers when the command is queued, and when the batch then fails (Redis gone) those buffers are never released
 * (Netty's {@code LEAK: ByteBuf.release() was not called} after every outage). A single command frees its encoded
 * arguments when it fails. The one batch left, {@link #getHashes}, carries key names only, which are not encoded
 * until written.
 */
public final class RedisDataStore implements DataStore {
    /** The bound of one data-cache call: well under a database query of the demo plus rendering. */
    public static final Duration CALL_TIMEOUT = Duration.ofMillis(100);
    /** Consecutive failures that open the breaker. */
    public static final int BREAKER_THRESHOLD = 5;
    /** How long the breaker stays open before one probe; also the Retry-After of the cart's 503. */
    public static final Duration BREAKER_OPEN = Duration.ofSeconds(2);

    /** ARGV: the TTL, then per key its field count, the version its reader saw, and the fields. */
    private static final String PUT_HASHES = """
            local function version(key)
              if redis.call('TYPE', key).ok ~= 'hash' then return '0' end
              return redis.call('HGET', key, 'ver') or '0'
            end
            local i = 2
            local written = 0
            for k = 1, #KEYS do
              local n = tonumber(ARGV[i])
              local seen = ARGV[i + 1]
              i = i + 2
              if version(KEYS[k]) == seen then
                redis.call('DEL', KEYS[k])
                if n > 0 then
                  redis.call('HSET', KEYS[k], unpack(ARGV, i, i + 2 * n - 1))
                  redis.call('PEXPIRE', KEYS[k], ARGV[1])
                end
                written = written + 1
              end
              i = i + 2 * n
            end
            return written""";
    private static final String INVALIDATE = """
            for k = 1, #KEYS do
              local v = 0
              if redis.call('TYPE', KEYS[k]).ok == 'hash' then v = tonumber(redis.call('HGET', KEYS[k], 'ver') or '0') end
              redis.call('DEL', KEYS[k])
              redis.call('HSET', KEYS[k], 'ver', v + 1)
              redis.call('PEXPIRE', KEYS[k], ARGV[1])
            end
            return #KEYS""";
    private static final String INCREMENT = """
            local n = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
            if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            return n""";
    private static final String READ_AND_TOUCH = """
            local all = redis.call('HGETALL', KEYS[1])
            if #all > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return all""";

    private static final String GET_OR_SET = """
            local v = redis.call('GET', KEYS[1])
            if v then return v end
            redis.call('SET', KEYS[1], ARGV[1])
            return ARGV[1]""";

    private final RedissonClient client;
    private final String where;
    private final boolean cluster;
    private final StoreGuard guard;

    /**
     * @param where   the Redis, redacted, for the start-up line
     * @param cluster whether {@code client} is on a Redis Cluster, where one script may only touch keys of one slot
     */
    public RedisDataStore(RedissonClient client, String where, boolean cluster) {
        this(client, where, cluster, new StoreGuard(new Breaker(BREAKER_THRESHOLD, BREAKER_OPEN), CALL_TIMEOUT,
                Clock.systemUTC()));
    }

    RedisDataStore(RedissonClient client, String where, boolean cluster, StoreGuard guard) {
        this.client = client;
        this.where = where;
        this.cluster = cluster;
        this.guard = guard;
    }

    @Override
    public List<Map<String, String>> getHashes(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (keys.size() == 1) {
            // One key (an id list): one plain HGETALL, without a batch's own bookkeeping.
            Map<String, String> m = guard.call("read " + keys.get(0), () -> client.<String, String>getMap(keys.get(0),
                    StringCodec.INSTANCE).readAllMapAsync());
            return List.of(m == null ? Map.of() : m);
        }
        BatchResult<?> result = guard.call("read " + keys.size() + " hashes", () -> {
            RBatch batch = client.createBatch();
            for (String key : keys) {
                batch.<String, String>getMap(key, StringCodec.INSTANCE).readAllMapAsync();
            }
            return batch.executeAsync();
        });
        List<Map<String, String>> out = new ArrayList<>(keys.size());
        for (Object r : result.getResponses()) {
            @SuppressWarnings("unchecked")
            Map<String, String> m = (Map<String, String>) r;
            out.add(m == null ? Map.of() : m);
        }
        return out;
    }

    @Override
    public void putHashes(Map<String, Map<String, String>> hashes, Duration ttl) {
        if (hashes.isEmpty()) {
            return;
        }
        if (!cluster) {
            guard.call("write " + hashes.size() + " hashes", () -> putHashesAsync(hashes, ttl));
            return;
        }
        // On a cluster the product keys lie in different slots (CROSSSLOT for one script): one script per key, all
        // sent at once, so the page still waits about one round trip.
        guard.call("write " + hashes.size() + " hashes", () -> CompletableFuture.allOf(hashes.entrySet().stream()
                .map(e -> putHashesAsync(Map.of(e.getKey(), e.getValue()), ttl).toCompletableFuture())
                .toArray(CompletableFuture[]::new)));
    }

    private CompletionStage<Long> putHashesAsync(Map<String, Map<String, String>> hashes, Duration ttl) {
        List<Object> keys = new ArrayList<>(hashes.keySet());
        List<Object> args = new ArrayList<>();
        args.add(Long.toString(ttl.toMillis()));
        hashes.values().forEach(fields -> {
            args.add(Integer.toString(fields.size()));
            args.add(fields.getOrDefault(VERSION, "0"));
            fields.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        });
        return client.getScript(StringCodec.INSTANCE).<Long>evalAsync((String) keys.get(0), RScript.Mode.READ_WRITE,
                PUT_HASHES, RScript.ReturnType.LONG, keys, args.toArray());
    }

    @Override
    public Map<String, String> getHashAndTouch(String key, Duration ttl) {
        List<Object> flat = guard.call("read a cart", () -> client.getScript(StringCodec.INSTANCE)
                .<List<Object>>evalAsync(key, RScript.Mode.READ_WRITE, READ_AND_TOUCH, RScript.ReturnType.LIST,
                        List.of(key), Long.toString(ttl.toMillis())));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return out;
    }

    @Override
    public long incrementField(String key, String field, long delta, Duration ttl) {
        Long n = guard.call("change a cart", () -> client.getScript(StringCodec.INSTANCE)
                .<Long>evalAsync(key, RScript.Mode.READ_WRITE, INCREMENT, RScript.ReturnType.LONG, List.of(key), field,
                        Long.toString(delta), Long.toString(ttl.toMillis())));
        return n == null ? 0 : n;
    }

    @Override
    public void removeField(String key, String field) {
        guard.call("remove from a cart",
                () -> client.<String, String>getMap(key, StringCodec.INSTANCE).fastRemoveAsync(field));
    }

    @Override
    public void invalidate(List<String> keys, Duration ttl) {
        if (keys.isEmpty()) {
            return;
        }
        String millis = Long.toString(ttl.toMillis());
        if (!cluster) {
            guard.call("invalidate " + keys.size() + " keys", () -> client.getScript(StringCodec.INSTANCE)
                    .<Long>evalAsync(keys.get(0), RScript.Mode.READ_WRITE, INVALIDATE, RScript.ReturnType.LONG,
                            new ArrayList<>(keys), millis));
            return;
        }
        // One script per key on a cluster (the keys are in different slots), all sent at once.
        guard.call("invalidate " + keys.size() + " keys", () -> CompletableFuture.allOf(keys.stream()
                .map(k -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(k, RScript.Mode.READ_WRITE,
                        INVALIDATE, RScript.ReturnType.LONG, List.<Object>of(k), millis).toCompletableFuture())
                .toArray(CompletableFuture[]::new)));
    }

    @Override
    public void delete(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        if (!cluster) {
            guard.call("delete " + keys.size() + " keys", () -> client.getKeys().deleteAsync(keys.toArray(String[]::new)));
            return;
        }
        // One DEL per key on a cluster (the keys are in different slots), all sent at once.
        guard.call("delete " + keys.size() + " keys", () -> CompletableFuture.allOf(keys.stream()
                .map(k -> client.getKeys().deleteAsync(k).toCompletableFuture()).toArray(CompletableFuture[]::new)));
    }

    @Override
    public String getOrSet(String key, String value) {
        return guard.call("read or set " + key, () -> client.getScript(StringCodec.INSTANCE)
                .<String>evalAsync(key, RScript.Mode.READ_WRITE, GET_OR_SET, RScript.ReturnType.VALUE, List.of(key),
                        value));
    }

    @Override
    public String describe() {
        return "redis " + where;
    }

    @Override
    public String state() {
        return switch (guard.state()) {
            case CLOSED -> "up";
            case OPEN -> "down";
            case HALF_OPEN -> "probing";
        };
    }

    @Override
    public void close() {
        // The client is owned by whoever created it (it is shared with the output cache).
    }
}
