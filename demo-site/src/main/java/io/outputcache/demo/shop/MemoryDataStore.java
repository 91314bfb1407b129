package io.outputcache.demo.shop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DataStore} in this JVM: the fallback when no Redis could be started or reached. Same behaviour (TTL,
 * sliding expiry), nothing shared between processes. Expired entries are dropped when they are next touched and
 * by a sweep on writes.
 */
public final class MemoryDataStore implements DataStore {
    private record Entry(Object value, long expiresAtNanos) {
        boolean expired(long now) {
            return now - expiresAtNanos >= 0;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile long nextSweep = System.nanoTime();

    @Override
    public List<Map<String, String>> getHashes(List<String> keys) {
        List<Map<String, String>> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(hash(live(key)));
        }
        return out;
    }

    @Override
    public void putHashes(Map<String, Map<String, String>> hashes, Duration ttl) {
        sweep();
        hashes.forEach((key, fields) -> entries.compute(key, (k, old) ->
                version(old).equals(fields.getOrDefault(VERSION, "0")) ? new Entry(Map.copyOf(fields), deadline(ttl))
                        : old));
    }

    @Override
    public void invalidate(List<String> keys, Duration ttl) {
        keys.forEach(key -> entries.compute(key, (k, old) -> new Entry(
                Map.of(VERSION, Long.toString(Long.parseLong(version(old)) + 1)), deadline(ttl))));
    }

    private static String version(Entry e) {
        return e == null || e.expired(System.nanoTime()) ? "0" : hash(e).getOrDefault(VERSION, "0");
    }

    @Override
    public Map<String, String> getHashAndTouch(String key, Duration ttl) {
        Entry e = entries.computeIfPresent(key, (k, old) -> old.expired(System.nanoTime()) ? null
                : new Entry(old.value(), deadline(ttl)));
        return hash(e);
    }

    @Override
    public long incrementField(String key, String field, long delta, Duration ttl) {
        sweep();
        long[] result = new long[1];
        entries.compute(key, (k, old) -> {
            Map<String, String> m = new LinkedHashMap<>(old == null || old.expired(System.nanoTime()) ? Map.of() : hash(old));
            long n = Long.parseLong(m.getOrDefault(field, "0")) + delta;
            result[0] = n;
            if (n <= 0) {
                m.remove(field);
            } else {
                m.put(field, Long.toString(n));
            }
            return m.isEmpty() ? null : new Entry(Map.copyOf(m), deadline(ttl));
        });
        return result[0];
    }

    @Override
    public void removeField(String key, String field) {
        entries.computeIfPresent(key, (k, old) -> {
            Map<String, String> m = new LinkedHashMap<>(hash(old));
            m.remove(field);
            return m.isEmpty() ? null : new Entry(Map.copyOf(m), old.expiresAtNanos());
        });
    }

    @Override
    public void delete(List<String> keys) {
        keys.forEach(entries::remove);
    }

    @Override
    public String getOrSet(String key, String value) {
        // "No TTL" as a hundred years: the entry's deadline is a nanoTime, which must not overflow.
        Entry e = entries.compute(key, (k, old) -> old != null && !old.expired(System.nanoTime())
                && old.value() instanceof String ? old : new Entry(value, deadline(Duration.ofDays(36_500))));
        return (String) e.value();
    }

    @Override
    public String describe() {
        return "in-process memory";
    }

    @Override
    public String state() {
        return "up";
    }

    @Override
    public void close() {
        entries.clear();
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && e.expired(System.nanoTime())) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> hash(Entry e) {
        return e != null && e.value() instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    private static long deadline(Duration ttl) {
        return System.nanoTime() + ttl.toNanos();
    }

    private void sweep() {
        long now = System.nanoTime();
        if (now - nextSweep < 0) {
            return;
        }
        nextSweep = now + Duration.ofSeconds(30).toNanos();
        entries.entrySet().removeIf(e -> e.getValue().expired(now));
    }
}
