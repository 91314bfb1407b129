package io.outputcache.demo.bench;

import io.outputcache.demo.shop.Catalog;
import io.outputcache.demo.shop.Category;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The benchmark's URLs, most popular first, and a Zipf sampler over them: rank k is requested with weight
 * 1/k^s. The list is the same every run (fixed seed): the home page, the category pages, then products in a
 * shuffled order with deeper listing pages, other sort orders and searches mixed in.
 */
public final class RequestMix {
    private static final List<String> SEARCHES = List.of("oak", "tea", "lamp", "walnut", "backpack", "classic",
            "linen", "kettle", "puzzle", "headphones", "notebook", "copper", "garden", "vintage", "steel", "canvas",
            "nordic knife", "ceramic vase", "wool blanket", "brass pen");

    private final List<String> paths;
    private final double[] cumulative;

    private RequestMix(List<String> paths, double exponent) {
        this.paths = paths;
        this.cumulative = new double[paths.size()];
        double sum = 0;
        for (int k = 0; k < paths.size(); k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < cumulative.length; k++) {
            cumulative[k] /= sum;
        }
    }

    /** The first {@code count} URLs of the popularity order, sampled with Zipf exponent {@code exponent}. */
    public static RequestMix of(int count, int productCount, double exponent) {
        List<String> head = new ArrayList<>();
        head.add("/");
        for (Category c : Catalog.categories()) {
            head.add("/category/" + c.slug());
        }
        List<String> extras = new ArrayList<>();
        for (int page = 2; page <= 4; page++) {
            for (Category c : Catalog.categories()) {
                extras.add("/category/" + c.slug() + "?page=" + page);
            }
        }
        for (String sort : List.of("price-asc", "rating", "price-desc")) {
            for (Category c : Catalog.categories()) {
                extras.add("/category/" + c.slug() + "?sort=" + sort);
            }
        }
        SEARCHES.forEach(q -> extras.add("/search?q=" + q.replace(" ", "+")));
        Random random = new Random(7);
        Collections.shuffle(extras, random);
        Integer[] ids = new Integer[productCount];
        for (int i = 0; i < productCount; i++) {
            ids[i] = i + 1;
        }
        List<Integer> products = new ArrayList<>(Arrays.asList(ids));
        Collections.shuffle(products, random);
        List<String> all = new ArrayList<>(head);
        int e = 0;
        for (int i = 0; i < products.size(); i++) {
            if (i % 8 == 7 && e < extras.size()) {
                all.add(extras.get(e++));
            }
            all.add("/product/" + products.get(i));
        }
        while (e < extras.size()) {
            all.add(extras.get(e++));
        }
        return new RequestMix(List.copyOf(all.subList(0, Math.min(count, all.size()))), exponent);
    }

    public List<String> paths() {
        return paths;
    }

    public String next(SplittableRandom random) {
        return paths.get(nextIndex(random));
    }

    /** The index in {@link #paths()} of the next URL to request. */
    public int nextIndex(SplittableRandom random) {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cumulative, u);
        if (i < 0) {
            i = -i - 1;
        }
        return Math.min(i, paths.size() - 1);
    }
}
