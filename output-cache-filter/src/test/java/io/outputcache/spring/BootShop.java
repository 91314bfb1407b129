package io.outputcache.spring;

import io.outputcache.OutputCache;
import io.outputcache.fragment.HoleRenderer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.concurrent.atomic.AtomicInteger;

/** A small Spring Boot MVC application with Thymeleaf views, as a user of the auto-configuration writes one. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BootShop {

    /**
     * A hole registered while the context starts: the handle is a bean before the web server runs. The hole shows
     * who asked (from a header, letters only), so a page stored for one visitor greets each visitor by name.
     */
    @Bean
    HoleRenderer visitorHole(ObjectProvider<OutputCache> cache) {
        HoleRenderer visitor = (request, response) -> {
            String name = request.getHeader("X-Visitor");
            return "<p class=\"visitor\">visitor " + (name == null ? "guest" : name.replaceAll("[^A-Za-z]", ""))
                    + "</p>";
        };
        cache.ifAvailable(c -> c.fragments().registerHole("visitor", visitor)); // none when the cache is off
        return visitor;
    }

    /** Registered as a member class of the configuration. */
    @Controller
    static class ShopController {
        final AtomicInteger productRenders = new AtomicInteger();
        final AtomicInteger cartRenders = new AtomicInteger();
        final Counter sidebar = new Counter();

        /** Covered by the rule {@code pages}; tagged per product. */
        @GetMapping("/products/{id}")
        String product(@PathVariable String id, Model model, HttpServletRequest request) {
            OutputCache.tag(request, "product-" + id);
            model.addAttribute("id", id);
            model.addAttribute("render", productRenders.incrementAndGet());
            return "product";
        }

        /** Covered by no rule: only its {@code oc:cache} fragment is cached. */
        @GetMapping("/cart")
        String cart(Model model) {
            model.addAttribute("render", cartRenders.incrementAndGet());
            model.addAttribute("sidebar", sidebar);
            return "cart";
        }
    }

    /** Counts how often the template evaluated the fragment's content. */
    public static final class Counter {
        private final AtomicInteger n = new AtomicInteger();

        public int next() {
            return n.incrementAndGet();
        }

        int count() {
            return n.get();
        }
    }
}
