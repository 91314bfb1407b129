package io.outputcache.demo.shop;

import java.util.Comparator;
import java.util.Optional;

/** The orders a category listing offers; {@code param} is the {@code ?sort=} value. */
public enum Sort {
    POPULAR("popular", "Most reviewed", Comparator.comparingInt(Product::reviews).reversed()),
    PRICE_ASC("price-asc", "Price: low to high", Comparator.comparingLong(Product::priceCents)),
    PRICE_DESC("price-desc", "Price: high to low", Comparator.comparingLong(Product::priceCents).reversed()),
    RATING("rating", "Best rated", Comparator.comparingDouble(Product::rating).reversed()),
    NAME("name", "Name", Comparator.comparing(Product::name));

    private final String param;
    private final String label;
    private final Comparator<Product> comparator;

    Sort(String param, String label, Comparator<Product> comparator) {
        this.param = param;
        this.label = label;
        this.comparator = comparator.thenComparingInt(Product::id);
    }

    public String param() {
        return param;
    }

    public String label() {
        return label;
    }

    Comparator<Product> comparator() {
        return comparator;
    }

    public static Optional<Sort> fromParam(String value) {
        for (Sort s : values()) {
            if (s.param.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
