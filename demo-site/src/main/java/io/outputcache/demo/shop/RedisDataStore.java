package io.outputcache.demo.shop;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link DataStore} on Redis through Redisson, with the string codec only. */
public final class RedisDataStore implements DataStore {
    private static final String INCREMENT = """
            local n = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
            if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            return n""";
    private static final String READ_AND_TOUCH = """
            local all = redis.call('HGETALL', KEYS[1])
            if #all > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return all""";

    private final RedissonClient client;
    private final String where;

    public RedisDataStore(RedissonClient client, String where) {
        this.client = client;
        this.where = where;
    }

    @Override
    public List<Map<String, String>> getHashes(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        RBatch batch = client.createBatch();
        for (String key : keys) {
            batch.<String, String>getMap(key, StringCodec.INSTANCE).readAllMapAsync();
        }
        BatchResult<?> result = batch.execute();
        List<Map<String, String>> out = new ArrayList<>(keys.size());
        for (Object r : result.getResponses()) {
            @SuppressWarnings("unchecked")
            Map<String, String> m = (Map<String, String>) r;
            out.add(m == null ? Map.of() : m);
        }
        return out;
    }

    @Override
    public void putHash(String key, Map<String, String> fields, Duration ttl) {
        RBatch batch = client.createBatch();
        var map = batch.<String, String>getMap(key, StringCodec.INSTANCE);
        map.deleteAsync();
        map.putAllAsync(fields);
        map.expireAsync(ttl);
        batch.execute();
    }

    @Override
    public Map<String, String> getHashAndTouch(String key, Duration ttl) {
        List<Object> flat = client.getScript(StringCodec.INSTANCE).eval(key, RScript.Mode.READ_WRITE, READ_AND_TOUCH,
                RScript.ReturnType.LIST, List.of(key), Long.toString(ttl.toMillis()));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return out;
    }

    @Override
    public long incrementField(String key, String field, long delta, Duration ttl) {
        Long n = client.getScript(StringCodec.INSTANCE).eval(key, RScript.Mode.READ_WRITE, INCREMENT,
                RScript.ReturnType.LONG, List.of(key), field, Long.toString(delta), Long.toString(ttl.toMillis()));
        return n == null ? 0 : n;
    }

    @Override
    public void removeField(String key, String field) {
        client.<String, String>getMap(key, StringCodec.INSTANCE).fastRemove(field);
    }

    @Override
    public String get(String key) {
        return client.<String>getBucket(key, StringCodec.INSTANCE).get();
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        client.<String>getBucket(key, StringCodec.INSTANCE).set(value, ttl);
    }

    @Override
    public void delete(List<String> keys) {
        if (!keys.isEmpty()) {
            client.getKeys().delete(keys.toArray(String[]::new));
        }
    }

    @Override
    public String describe() {
        return "redis " + where;
    }

    @Override
    public void close() {
        // The client is owned by whoever created it (it is shared with the output cache).
    }
}
