package io.outputcache.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Boot application with Spring MVC only (no Actuator, Thymeleaf or Micrometer), run in a child JVM by
 * {@link BootWithoutOptionalLibrariesIT}: it requests its own page twice and prints each Cache-Status.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MinimalBootApp {

    /** Registered as a member class of the configuration. */
    @RestController
    static class Page {
        private final AtomicInteger renders = new AtomicInteger();

        @GetMapping(value = "/products/{id}", produces = "text/html")
        String product() {
            return "<p>render #" + renders.incrementAndGet() + "</p>";
        }
    }

    /** Arguments: the Redis URL and the key prefix. */
    public static void main(String[] args) throws Exception {
        SpringApplication app = new SpringApplication(MinimalBootApp.class);
        app.setDefaultProperties(java.util.Map.of("server.port", "0", "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off", "outputcache.redis-url", args[0], "outputcache.key-prefix", args[1],
                "outputcache.store-timeout", "1s", "outputcache.rules", "pages",
                "outputcache.rule.pages.include", "/products/*"));
        try (ConfigurableApplicationContext context = app.run()) {
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/products/1")).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("CACHE-STATUS=" + response.headers().firstValue("Cache-Status").orElse("none")
                        + " BODY=" + response.body());
            }
            context.getBean(io.outputcache.OutputCache.class).clear();
        }
    }
}
