package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.engine.OutputCacheEngine;
import io.outputcache.store.InMemoryPageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML that {@code oc:cache} puts in place (rendered on a miss, stored on a hit) is output, not template: text
 * a visitor typed that looks like Thymeleaf inlining ({@code [[...]]}, {@code [(...)]}) is written as it is, on the
 * miss and on the hit, exactly as the same element without {@code oc:cache} writes it. Plain Thymeleaf, no servlet.
 */
class CachedHtmlIsNotInlinedTest {
    private static final String BODY = "<p th:text=\"${review}\">review</p><p th:text=\"${6 * 7}\">n</p>";

    private final OutputCacheEngine cache = new OutputCacheEngine(OutputCacheConfig.builder()
            .storeType(OutputCacheConfig.StoreType.MEMORY)
            .rule(CacheRule.builder("none").include("/never/**").ttl(Duration.ofMinutes(1)).build())
            .build(), new InMemoryPageStore(1 << 20));

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void inliningSyntaxInRenderedTextIsNotEvaluatedAgain() {
        TemplateEngine engine = engine();
        Context context = new Context(Locale.ENGLISH, Map.of("review", "great [[${6 * 7}]] and [(${1 + 1})]"));
        String plain = engine.process("<div>" + BODY + "</div>", context);
        String cached = "<div oc:cache=\"'review'\" oc:ttl=\"'1m'\">" + BODY + "</div>";

        String miss = engine.process(cached, context);
        String hit = engine.process(cached, context);

        assertThat(plain).isEqualTo("<div><p>great [[${6 * 7}]] and [(${1 + 1})]</p><p>42</p></div>");
        assertThat(miss).as("the miss").isEqualTo(plain);
        assertThat(hit).as("the hit").isEqualTo(plain);
        assertThat(cache.stats().fragmentHits()).isEqualTo(1);
    }

    private TemplateEngine engine() {
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.addDialect(new OutputCacheDialect(cache.fragments()));
        return engine;
    }
}
