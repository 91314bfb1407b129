package io.outputcache.demo.shop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for a real database: every query costs a fixed latency ({@code --db-latency-ms}) and is counted, so
 * that the effect of the data cache and the output cache shows in numbers. The data itself lives in memory.
 */
public final class SlowDatabase {
    private final ConcurrentHashMap<Integer, Product> rows = new ConcurrentHashMap<>();
    private final long latencyMillis;
    private final LongAdder queries = new LongAdder();

    public SlowDatabase(Catalog catalog, long latencyMillis) {
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("db latency must not be negative but was " + latencyMillis);
        }
        catalog.products().forEach(p -> rows.put(p.id(), p));
        this.latencyMillis = latencyMillis;
    }

    /** Queries run so far. */
    public long queries() {
        return queries.sum();
    }

    /** One query for many rows (a {@code WHERE id IN (...)}); missing ids are left out. */
    public List<Product> findByIds(List<Integer> ids) {
        query();
        List<Product> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            Product p = rows.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Ids of a category's products in the given order. */
    public List<Integer> idsInCategory(String slug, Sort sort) {
        query();
        return rows.values().stream().filter(p -> p.categorySlug().equals(slug)).sorted(sort.comparator())
                .map(Product::id).toList();
    }

    /** Ids of products whose name or category matches every word of the query, best rated first. */
    public List<Integer> search(String query, int limit) {
        query();
        String[] words = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return rows.values().stream()
                .filter(p -> {
                    String text = (p.name() + " " + p.categorySlug()).toLowerCase(Locale.ROOT);
                    for (String w : words) {
                        if (!text.contains(w)) {
                            return false;
                        }
                    }
                    return true;
                })
                .sorted(Comparator.comparingDouble(Product::rating).reversed().thenComparingInt(Product::id))
                .limit(limit).map(Product::id).toList();
    }

    /** The home page's picks: the best rated product of each category. */
    public List<Integer> featured(int perCategory) {
        query();
        List<Integer> ids = new ArrayList<>();
        for (Category c : Catalog.categories()) {
            rows.values().stream().filter(p -> p.categorySlug().equals(c.slug()))
                    .sorted(Sort.RATING.comparator()).limit(perCategory).forEach(p -> ids.add(p.id()));
        }
        return ids;
    }

    /** An UPDATE: changes the price and returns the changed row. */
    public Optional<Product> updatePrice(int id, long cents) {
        query();
        return Optional.ofNullable(rows.computeIfPresent(id, (k, p) -> p.withPrice(cents)));
    }

    private void query() {
        queries.increment();
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while querying the database", e);
            }
        }
    }
}
