package io.outputcache.demo.shop;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One product as the "database" holds it. Prices are in cents so that a price change is exact. Products travel to
 * and from the data cache as flat string maps (a Redis hash), never as serialised Java objects.
 */
public record Product(int id, String name, String categorySlug, long priceCents, double rating, int reviews,
                      int stock, String description, int hue) {

    public String price() {
        return formatCents(priceCents);
    }

    /** Two letters for the generated picture. */
    public String initials() {
        String[] words = name.split(" ");
        return (words[0].substring(0, 1) + words[words.length - 1].substring(0, 1)).toUpperCase(Locale.ROOT);
    }

    /** Whole stars out of five, for the listing. */
    public String stars() {
        int full = (int) Math.round(rating);
        return "\u2605".repeat(full) + "\u2606".repeat(5 - full);
    }

    public boolean inStock() {
        return stock > 0;
    }

    public static String formatCents(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    public Map<String, String> toFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", Integer.toString(id));
        m.put("name", name);
        m.put("category", categorySlug);
        m.put("price", Long.toString(priceCents));
        m.put("rating", Double.toString(rating));
        m.put("reviews", Integer.toString(reviews));
        m.put("stock", Integer.toString(stock));
        m.put("description", description);
        m.put("hue", Integer.toString(hue));
        return m;
    }

    /** The inverse of {@link #toFields()}; a map that is incomplete or does not parse yields null (a cache miss). */
    public static Product fromFields(Map<String, String> m) {
        if (m == null || m.size() < 9) {
            return null;
        }
        try {
            return new Product(Integer.parseInt(m.get("id")), m.get("name"), m.get("category"),
                    Long.parseLong(m.get("price")), Double.parseDouble(m.get("rating")),
                    Integer.parseInt(m.get("reviews")), Integer.parseInt(m.get("stock")), m.get("description"),
                    Integer.parseInt(m.get("hue")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    public Product withPrice(long cents) {
        return new Product(id, name, categorySlug, cents, rating, reviews, stock, description, hue);
    }
}
