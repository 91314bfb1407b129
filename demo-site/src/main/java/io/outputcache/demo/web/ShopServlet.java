package io.outputcache.demo.web;

import io.outputcache.OutputCache;
import io.outputcache.demo.shop.Catalog;
import io.outputcache.demo.shop.Category;
import io.outputcache.demo.shop.DatabaseException;
import io.outputcache.demo.shop.Product;
import io.outputcache.demo.shop.ProductRepository;
import io.outputcache.demo.shop.Sort;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shop's public pages: home, category listings (paged, sorted), product detail and search. Every product shown
 * tags the page {@code product-<id>}, and listings are tagged {@code category-<slug>}, so a price change can
 * invalidate exactly the pages it makes wrong: those showing the product, and the orderings it may move into.
 */
public final class ShopServlet extends HttpServlet {
    public static final int PAGE_SIZE = 24;

    private transient DemoServices services;
    private transient Pages pages;

    @Override
    public void init() {
        services = DemoServices.from(getServletContext());
        pages = new Pages(getServletContext());
        // Loaded on start-up, after the filters: the cache's handle is published by now, before any request.
        DemoServices.outputCache(getServletContext()).ifPresent(services::connect);
    }

    /** Seconds a visitor is asked to wait when the database does not answer. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ShopServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            page(request, response);
        } catch (DatabaseException e) {
            // The database is the shop's truth: without it there is no page to show, but a short 503 that says so
            // (never stored: the cache rule keeps 200s only) rather than a 500 with the driver's words.
            LOG.warn("page {} not rendered: {}", request.getRequestURI(), e.getMessage());
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(503);
                response.setHeader("Retry-After", Integer.toString(DATABASE_RETRY_AFTER_SECONDS));
                response.setHeader("Cache-Control", "no-store");
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().println("The shop's database is not answering; please try again in a moment.");
            }
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals("/") || path.isEmpty()) {
            home(request, response, start);
        } else if (path.startsWith("/category/")) {
            category(request, response, path.substring("/category/".length()), start);
        } else if (path.startsWith("/product/")) {
            product(request, response, path.substring("/product/".length()), start);
        } else if (path.equals("/search")) {
            search(request, response, start);
        } else {
            notFound(request, response, "There is no page at " + path + ".", start);
        }
    }

    private void home(HttpServletRequest request, HttpServletResponse response, long start) throws IOException {
        ProductRepository repo = services.products();
        List<Product> featured = repo.products(repo.featuredIds());
        tag(request, featured);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("featured", featured);
        model.put("productCount", services.productCount());
        pages.render(request, response, 200, "home", model, start);
    }

    private void category(HttpServletRequest request, HttpServletResponse response, String slug, long start)
            throws IOException {
        Optional<Category> category = Catalog.category(slug);
        Optional<Sort> sort = Sort.fromParam(Optional.ofNullable(request.getParameter("sort")).orElse("popular"));
        Optional<Integer> page = positiveInt(Optional.ofNullable(request.getParameter("page")).orElse("1"));
        if (category.isEmpty() || sort.isEmpty() || page.isEmpty()) {
            notFound(request, response, "We could not find that category page.", start);
            return;
        }
        ProductRepository repo = services.products();
        List<Integer> ids = repo.categoryIds(slug, sort.get());
        int pageCount = Math.max(1, (ids.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        if (page.get() > pageCount) {
            notFound(request, response, "That category has only " + pageCount + " pages.", start);
            return;
        }
        int from = (page.get() - 1) * PAGE_SIZE;
        List<Product> products = repo.products(ids.subList(from, Math.min(ids.size(), from + PAGE_SIZE)));
        tag(request, products);
        // A price change can move a product onto this page without it being here now: tag the whole listing too.
        OutputCache.tag(request, "category-" + slug);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("category", category.get());
        model.put("products", products);
        model.put("total", ids.size());
        model.put("page", page.get());
        model.put("pageCount", pageCount);
        model.put("pageNumbers", range(pageCount));
        model.put("sort", sort.get());
        model.put("sorts", Sort.values());
        model.put("first", from + 1);
        model.put("last", from + products.size());
        pages.render(request, response, 200, "category", model, start);
    }

    private void product(HttpServletRequest request, HttpServletResponse response, String idText, long start)
            throws IOException {
        Optional<Integer> id = positiveInt(idText);
        ProductRepository repo = services.products();
        Optional<Product> product = id.flatMap(repo::product);
        if (product.isEmpty()) {
            notFound(request, response, "We have no product " + idText + ".", start);
            return;
        }
        Product p = product.get();
        Category category = Catalog.category(p.categorySlug()).orElseThrow();
        // Four neighbours from the same category, as "you may also like".
        List<Integer> related = new ArrayList<>();
        int size = services.productCount();
        for (int step = 1; related.size() < 4 && step < 20; step++) {
            int candidate = p.id() + step * Catalog.categories().size();
            if (candidate > size) {
                candidate = ((candidate - 1) % size) + 1;
            }
            if (candidate != p.id()) {
                related.add(candidate);
            }
        }
        List<Product> relatedProducts = repo.products(related);
        tag(request, List.of(p));
        tag(request, relatedProducts);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("product", p);
        model.put("category", category);
        model.put("related", relatedProducts);
        pages.render(request, response, 200, "product", model, start);
    }

    private void search(HttpServletRequest request, HttpServletResponse response, long start) throws IOException {
        String q = Optional.ofNullable(request.getParameter("q")).orElse("").trim();
        if (q.length() > 80) {
            q = q.substring(0, 80);
        }
        List<Product> results = q.isEmpty() ? List.of() : services.products().products(services.products().searchIds(q));
        tag(request, results);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("q", q);
        model.put("results", results);
        pages.render(request, response, 200, "search", model, start);
    }

    private void notFound(HttpServletRequest request, HttpServletResponse response, String message, long start)
            throws IOException {
        pages.render(request, response, 404, "notfound", Map.of("message", message), start);
    }

    private static void tag(HttpServletRequest request, List<Product> products) {
        if (products.isEmpty()) {
            return;
        }
        String[] tags = products.stream().map(p -> "product-" + p.id()).distinct().toArray(String[]::new);
        OutputCache.tag(request, tags);
    }

    static Optional<Integer> positiveInt(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,6}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }
}
