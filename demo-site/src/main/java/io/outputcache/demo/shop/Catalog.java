package io.outputcache.demo.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The generated assortment: the same products every run (fixed seed), so that URLs, tests and benchmark runs
 * are comparable.
 */
public final class Catalog {
    public static final long SEED = 20_240_611L;

    private static final List<Category> CATEGORIES = List.of(
            new Category("coffee", "Coffee & Tea", "Beans, leaves and the tools to brew them", 25),
            new Category("kitchen", "Kitchen", "Pans, knives and clever little helpers", 5),
            new Category("books", "Books", "Stories, guides and cookbooks", 210),
            new Category("outdoor", "Outdoor", "For trails, tents and long weekends", 130),
            new Category("audio", "Audio", "Headphones, speakers and turntables", 260),
            new Category("stationery", "Stationery", "Notebooks, pens and desk things", 45),
            new Category("home", "Home & Decor", "Lamps, cushions and things for shelves", 330),
            new Category("toys", "Toys & Games", "Puzzles, blocks and board games", 290),
            new Category("garden", "Garden", "Seeds, pots and tools that last", 100),
            new Category("bags", "Bags", "Backpacks, totes and travel kits", 190));

    private static final String[][] NOUNS = {
            {"Espresso Beans", "Green Tea", "Pour-Over Kettle", "Burr Grinder", "French Press", "Cold Brew Jar", "Matcha Whisk", "Chai Blend", "Milk Frother", "Drip Scale"},
            {"Chef Knife", "Cast Iron Pan", "Cutting Board", "Dutch Oven", "Spice Rack", "Salad Spinner", "Pepper Mill", "Baking Tray", "Measuring Set", "Wok"},
            {"Field Guide", "Cookbook", "Mystery Novel", "Atlas", "Poetry Collection", "Travel Memoir", "Sketchbook Guide", "History", "Science Primer", "Graphic Novel"},
            {"Trail Tent", "Sleeping Bag", "Camp Stove", "Headlamp", "Water Filter", "Hiking Poles", "Hammock", "Trail Map Set", "Dry Bag", "Camp Mug"},
            {"Headphones", "Bookshelf Speaker", "Turntable", "Earbuds", "Soundbar", "Radio", "DAC", "Microphone", "Speaker Stand", "Record Cleaner"},
            {"Notebook", "Fountain Pen", "Pencil Set", "Desk Pad", "Planner", "Ink Bottle", "Washi Tape", "Letter Set", "Brush Pens", "Paper Tray"},
            {"Table Lamp", "Cushion", "Throw Blanket", "Vase", "Wall Clock", "Candle", "Picture Frame", "Bookends", "Plant Stand", "Mirror"},
            {"Jigsaw Puzzle", "Building Blocks", "Board Game", "Card Game", "Kite", "Yo-Yo", "Marble Run", "Wooden Train", "Puppet", "Chess Set"},
            {"Seed Kit", "Terracotta Pot", "Pruning Shears", "Watering Can", "Garden Gloves", "Trowel", "Raised Bed", "Compost Bin", "Bird Feeder", "Hose Reel"},
            {"Backpack", "Tote Bag", "Duffel", "Messenger Bag", "Packing Cubes", "Laptop Sleeve", "Sling Bag", "Wash Bag", "Weekender", "Camera Bag"}};

    private static final String[] ADJECTIVES = {"Classic", "Nordic", "Compact", "Deluxe", "Everyday", "Studio", "Rustic",
            "Urban", "Handmade", "Vintage", "Modern", "Pocket", "Heritage", "Alpine", "Coastal", "Minimal", "Sunny",
            "Midnight", "Bamboo", "Copper"};

    private static final String[] MATERIALS = {"Oak", "Linen", "Ceramic", "Steel", "Walnut", "Cotton", "Cork", "Slate",
            "Wool", "Canvas", "Brass", "Maple"};

    private static final String[] CLAIMS = {"Built to last for years of daily use.", "A small shop favourite.",
            "Designed in a tiny studio and tested in real homes.", "Easy to clean, easy to love.",
            "Makes a thoughtful gift.", "Comes in recyclable packaging.", "Our customers keep coming back for it.",
            "Ships in one business day."};

    private final List<Product> products;

    private Catalog(List<Product> products) {
        this.products = products;
    }

    /** Generates {@code count} products with the fixed seed. */
    public static Catalog generate(int count) {
        Random random = new Random(SEED);
        List<Product> products = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            int c = (id - 1) % CATEGORIES.size();
            Category category = CATEGORIES.get(c);
            String noun = NOUNS[c][random.nextInt(NOUNS[c].length)];
            String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
            String material = MATERIALS[random.nextInt(MATERIALS.length)];
            String name = adjective + " " + material + " " + noun;
            long cents = (random.nextInt(180) + 4) * 100L + (random.nextBoolean() ? 99 : 49);
            double rating = Math.round((3.0 + random.nextDouble() * 2.0) * 10) / 10.0;
            int reviews = random.nextInt(400);
            int stock = random.nextInt(10) == 0 ? 0 : random.nextInt(60) + 1;
            String description = "The " + name.toLowerCase(Locale.ROOT) + " from our "
                    + category.name().toLowerCase(Locale.ROOT) + " range, in " + material.toLowerCase(Locale.ROOT)
                    + ". " + twoClaims(random);
            int hue = (category.hue() + random.nextInt(50) - 25 + 360) % 360;
            products.add(new Product(id, name, category.slug(), cents, rating, reviews, stock, description, hue));
        }
        return new Catalog(List.copyOf(products));
    }

    private static String twoClaims(Random random) {
        int first = random.nextInt(CLAIMS.length);
        int second = (first + 1 + random.nextInt(CLAIMS.length - 1)) % CLAIMS.length;
        return CLAIMS[first] + " " + CLAIMS[second];
    }

    public List<Product> products() {
        return products;
    }

    public static List<Category> categories() {
        return CATEGORIES;
    }

    public static Optional<Category> category(String slug) {
        return CATEGORIES.stream().filter(c -> c.slug().equals(slug)).findFirst();
    }
}
