package io.outputcache.spring;

import io.outputcache.OutputCache;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.concurrent.atomic.AtomicInteger;

/** A small Spring Boot MVC application with Thymeleaf views, as a user of the auto-configuration writes one. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BootShop {

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
