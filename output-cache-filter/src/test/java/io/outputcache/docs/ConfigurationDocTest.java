package io.outputcache.docs;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.webxml.InitParameters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every option that exists in the configuration must be documented in docs/configuration.md. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }

    @Test
    void everyFilterInitParamIsDocumented() throws IOException {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        InitParameters.OPTIONS.keySet().forEach(name -> {
            if (!doc.contains("| `" + name + "` |")) {
                missing.add(name);
            }
        });
        if (!doc.contains("| `rules` |")) {
            missing.add("rules");
        }
        assertThat(missing).as("init-params missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyRuleOptionIsDocumented() throws IOException {
        String doc = doc();
        List<String> missing = InitParameters.RULE_OPTIONS.keySet().stream()
                .filter(name -> !doc.contains("| `" + name + "` |")).toList();
        assertThat(missing).as("rule options missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyBuilderMethodIsDocumented() throws IOException {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        for (Class<?> builder : List.of(OutputCacheConfig.Builder.class, CacheRule.Builder.class)) {
            for (Method m : builder.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Set.of("build").contains(m.getName())
                        && !doc.contains("`" + m.getName() + "(")) {
                    missing.add(builder.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(missing).as("builder methods missing from docs/configuration.md").isEmpty();
    }
}
