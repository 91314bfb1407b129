package io.outputcache.spring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring is optional: only io.outputcache.spring refers to it, and nothing refers to io.outputcache.spring. */
class SpringIsolationTest {
    private static final Path MAIN = Path.of("src", "main", "java", "io", "outputcache");

    private static List<Path> sourcesOutsideSpring() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(MAIN.resolve("spring"))).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheSpringPackageImportsSpring() throws IOException {
        List<Path> sources = sourcesOutsideSpring();
        assertThat(sources).hasSizeGreaterThan(50);
        assertThat(sources).filteredOn(f -> read(f).contains("org.springframework")).isEmpty();
    }

    @Test
    void nothingElseDependsOnTheSpringPackage() throws IOException {
        assertThat(sourcesOutsideSpring()).filteredOn(f -> read(f).contains("io.outputcache.spring")).isEmpty();
    }
}
