package io.outputcache.docs;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.atomic.AtomicInteger;

/** The smallest Spring Boot application for the getting-started properties: a product page and a cart. */
@SpringBootConfiguration
@EnableAutoConfiguration
class GettingStartedBootApp {

    /** Registered as a member class of the configuration. */
    @RestController
    static class Pages {
        private final AtomicInteger renders = new AtomicInteger();

        @GetMapping(value = "/products/{id}", produces = "text/html")
        String product(@PathVariable String id) {
            return "<p>product " + id + ", render #" + renders.incrementAndGet() + "</p>";
        }

        @GetMapping(value = "/cart", produces = "text/html")
        String cart() {
            return "<p>cart, render #" + renders.incrementAndGet() + "</p>";
        }
    }
}
