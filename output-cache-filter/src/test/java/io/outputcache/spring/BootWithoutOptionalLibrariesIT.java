package io.outputcache.spring;

import io.outputcache.RedisInvariants;
import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot dependencies are optional and so are Actuator, Thymeleaf and Micrometer: an application with Spring
 * MVC alone gets the cache. Runs {@link MinimalBootApp} in a JVM whose class path has no jar of those three, so
 * that any unguarded reference to them fails its start.
 */
class BootWithoutOptionalLibrariesIT {
    /** Spring itself needs micrometer-observation (and so micrometer-commons); the meters are micrometer-core. */
    private static final List<String> LEFT_OUT = List.of("spring-boot-actuator", "thymeleaf", "micrometer-core",
            "micrometer-jakarta9");

    @Test
    void aSpringMvcApplicationWithoutActuatorThymeleafOrMicrometerCaches() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> LEFT_OUT.stream().noneMatch(Path.of(entry).getFileName().toString()::contains))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).doesNotContain("thymeleaf", "micrometer-core", "spring-boot-actuator");
        String prefix = TestRedis.newPrefix();
        Path log = Files.createTempFile("minimal-boot", ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, MinimalBootApp.class.getName(), TestRedis.url(), prefix)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("CACHE-STATUS=outputcache; fwd=uri-miss", "BODY=<p>render #1</p>");
            assertThat(output.lines().filter(l -> l.startsWith("CACHE-STATUS=outputcache; hit"))).as(output)
                    .singleElement().asString().contains("BODY=<p>render #1</p>");
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
        RedisInvariants.assertEveryKeyExpires(prefix);
    }
}
