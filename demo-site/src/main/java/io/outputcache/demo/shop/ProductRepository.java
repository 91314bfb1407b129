package io.outputcache.demo.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Cache-aside over the product database: read the data cache first; on a miss query the database and write the
 * answer back with a TTL. A price change writes the database first and then invalidates the cached entries it made
 * wrong (the product and its category's orderings), so the next read, on any node, reloads them.
 *
 * <p>Every entry is a hash with a version ({@link DataStore#VERSION}); an invalidation leaves a tombstone one
 * version higher, and a write-back only lands on the version its reader saw. Without that, a node that read the
 * old row just before another node's price change would write it back just after the change's delete, and every
 * node would show the old price until the TTL, and re-store it in every page they render meanwhile.
 *
 * <p>A data-cache failure is never the page's failure: it is counted and the database answers instead. The store
 * bounds every call and stops calling while its breaker is open ({@link RedisDataStore}), so an outage costs a
 * page its database queries and nothing more.
 */
public final class ProductRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ProductRepository.class);

    /** How long cached data lives; a price change deletes its entries at once, so this only bounds staleness of misses. */
    public static final Duration DATA_TTL = Duration.ofMinutes(10);

    /** The field of a cached id list. */
    private static final String IDS = "ids";

    private final ProductDatabase db;
    private final DataStore store;
    private final String prefix;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile long lastErrorLog;

    public ProductRepository(ProductDatabase db, DataStore store, String keyPrefix) {
        this.db = db;
        this.store = store;
        this.prefix = keyPrefix + ":d:";
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public ProductDatabase database() {
        return db;
    }

    /** Whether the data cache is answering: {@code up}, {@code down} (breaker open) or {@code probing}. */
    public String storeState() {
        return store.state();
    }

    public Optional<Product> product(int id) {
        List<Product> found = products(List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The products with these ids, in the same order; unknown ids are left out. At most one database query. */
    public List<Product> products(List<Integer> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> keys = ids.stream().map(this::productKey).toList();
        Map<Integer, Product> found = new HashMap<>();
        Map<Integer, String> seen = new HashMap<>();
        boolean readable = true;
        try {
            List<Map<String, String>> cached = store.getHashes(keys);
            for (int i = 0; i < cached.size(); i++) {
                Map<String, String> fields = cached.get(i);
                Product p = Product.fromFields(fields);
                if (p != null) {
                    found.put(p.id(), p);
                } else {
                    seen.put(ids.get(i), fields.getOrDefault(DataStore.VERSION, "0"));
                }
            }
        } catch (RuntimeException e) {
            readable = false;
            storeFailed("read products", e);
        }
        hits.add(found.size());
        List<Integer> missing = ids.stream().filter(id -> !found.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            misses.add(missing.size());
            Map<String, Map<String, String>> loaded = new LinkedHashMap<>();
            for (Product p : db.findByIds(missing)) {
                found.put(p.id(), p);
                if (seen.containsKey(p.id())) {
                    loaded.put(productKey(p.id()), withVersion(p.toFields(), seen.get(p.id())));
                }
            }
            // Nothing is written back after a failed read: without the versions seen, a write could undo an
            // invalidation.
            if (readable && !loaded.isEmpty()) {
                try {
                    store.putHashes(loaded, DATA_TTL);
                } catch (RuntimeException e) {
                    storeFailed("write products", e);
                }
            }
        }
        List<Product> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            Product p = found.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    public List<Integer> categoryIds(String slug, Sort sort) {
        return cachedIds(listKey(slug, sort), () -> db.idsInCategory(slug, sort));
    }

    public List<Integer> searchIds(String query) {
        String normal = query.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
        return cachedIds(prefix + "search:" + URLEncoder.encode(normal, StandardCharsets.UTF_8),
                () -> db.search(normal, 48));
    }

    public List<Integer> featuredIds() {
        return cachedIds(prefix + "featured", () -> db.featured(1));
    }

    /**
     * Changes a price in the database, then invalidates what the cache holds that the change made wrong. Returns
     * the changed product, or empty when there is no such product.
     */
    public Optional<Product> changePrice(int id, long cents) {
        Optional<Product> changed = db.updatePrice(id, cents);
        changed.ifPresent(p -> {
            List<String> stale = new ArrayList<>();
            stale.add(productKey(id));
            for (Sort s : Sort.values()) {
                stale.add(listKey(p.categorySlug(), s));
            }
            try {
                store.invalidate(stale, DATA_TTL);
            } catch (RuntimeException e) {
                // The entries will expire with their TTL; say so rather than pretend the change is visible.
                storeFailed("invalidate product " + id, e);
                throw new IllegalStateException("price changed in the database, but the data cache could not be"
                        + " invalidated; it catches up within " + DATA_TTL.toMinutes() + " minutes", e);
            }
        });
        return changed;
    }

    /** A list of ids under one key, as a hash {@code ids} plus its version, read and written back as products are. */
    private List<Integer> cachedIds(String key, Supplier<List<Integer>> query) {
        String seen = null;
        try {
            Map<String, String> cached = store.getHashes(List.of(key)).get(0);
            String ids = cached.get(IDS);
            if (ids != null && ids.startsWith("[") && ids.endsWith("]")) {
                hits.increment();
                return parseIds(ids);
            }
            seen = cached.getOrDefault(DataStore.VERSION, "0");
        } catch (RuntimeException e) {
            storeFailed("read " + key, e);
        }
        misses.increment();
        List<Integer> ids = query.get();
        if (seen != null) {
            try {
                store.putHashes(Map.of(key, withVersion(Map.of(IDS, joinIds(ids)), seen)), DATA_TTL);
            } catch (RuntimeException e) {
                storeFailed("write " + key, e);
            }
        }
        return ids;
    }

    private static Map<String, String> withVersion(Map<String, String> fields, String version) {
        Map<String, String> m = new LinkedHashMap<>(fields);
        m.put(DataStore.VERSION, version);
        return m;
    }

    private String productKey(int id) {
        return prefix + "product:" + id;
    }

    private String listKey(String slug, Sort sort) {
        return prefix + "category:" + slug + ":" + sort.param();
    }

    private static String joinIds(List<Integer> ids) {
        StringBuilder sb = new StringBuilder(ids.size() * 4 + 1).append('[');
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(ids.get(i));
        }
        return sb.append(']').toString();
    }

    private static List<Integer> parseIds(String s) {
        String body = s.substring(1, s.length() - 1);
        if (body.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(body.split(",")).map(Integer::valueOf).toList();
    }

    private void storeFailed(String what, RuntimeException e) {
        errors.increment();
        long now = System.nanoTime();
        if (now - lastErrorLog > Duration.ofSeconds(10).toNanos()) {
            lastErrorLog = now;
            String message = String.valueOf(e.getMessage());
            int end = message.indexOf('!') > 0 ? message.indexOf('!') + 1 : Math.min(message.length(), 160);
            LOG.warn("data cache unavailable ({}), answering from the database: {}: {}", what,
                    e.getClass().getSimpleName(), message.substring(0, end));
        }
    }
}
