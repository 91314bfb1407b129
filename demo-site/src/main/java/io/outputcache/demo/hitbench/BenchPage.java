package io.outputcache.demo.hitbench;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The page every target serves: a product list of about 20 KB rendered by Thymeleaf from the same model on
 * every call, so that the uncached target pays a real template render and the others serve its exact bytes.
 */
final class BenchPage {
    /** One product line of the model. */
    record Product(int id, String name, double price, String description) {
    }

    private static final List<Product> PRODUCTS = products(70);
    private final TemplateEngine engine;

    BenchPage() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(BenchPage.class.getClassLoader());
        resolver.setPrefix("hitbench/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
    }

    /** Renders the page (the template is parsed once and cached; the model is walked on every call). */
    String render() {
        Context context = new Context(Locale.ROOT, Map.of("title", "Catalogue", "products", PRODUCTS));
        return engine.process("page", context);
    }

    byte[] renderBytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<Product> products(int n) {
        List<Product> list = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            list.add(new Product(i, "Product number " + i + " of the benchmark catalogue", 3.5 + i * 1.25,
                    "A description long enough to look like a real shop's text, for product " + i
                            + ": colour " + (i % 7) + ", size " + (i % 5) + ", and a short note."));
        }
        return List.copyOf(list);
    }
}
