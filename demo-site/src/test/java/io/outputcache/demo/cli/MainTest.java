package io.outputcache.demo.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's exit statuses and its one-line messages (moved from DemoOptionsTest and FallbackIT). */
class MainTest {

    @Test
    void aBadFlagExitsWithStatusTwoAndOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of("--store", "floppy"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n")
                .contains("--store must be redis or memory");
    }

    @Test
    void helpListsEveryFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port", "--redis", "--store", "--cache",
                "--db-latency-ms", "--webxml", "--admin-token", "--help", "bench", "--duration", "--concurrency",
                "--pages", "--zipf", "--redis-mode", "standalone|cluster|sentinel", "--sentinel-master",
                "--near-cache on|off", "--db JDBC_URL");
    }

    @Test
    void aBadMultiNodeFlagExitsWithStatusTwoBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of("--port", "0", "--redis", "redis://:hunter2@127.0.0.1:1,redis://127.0.0.1:2"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n").doesNotContain("hunter2")
                .isEqualTo("demo-site: --redis lists 2 servers; give one, or set --redis-mode cluster or sentinel"
                        + " (see --help)");
    }

    @Test
    void aGivenDatabaseThatDoesNotAnswerStopsTheStartWithOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of("--port", "0", "--redis", io.outputcache.testing.TestRedis.url(), "--db",
                        "jdbc:postgresql://127.0.0.1:1/test?user=shop&password=hunter2&connectTimeout=2"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).isEqualTo(1);
        assertThat(message).startsWith("demo-site: cannot use the product database at"
                        + " jdbc:postgresql://127.0.0.1:1/test?user=shop&password=****&connectTimeout=2: ")
                .doesNotContain("hunter2").doesNotContain("\n");
    }

    @Test
    void aGivenRedisThatDoesNotAnswerStopsTheStartWithOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of("--port", "0", "--redis", "redis://user:hunter2@127.0.0.1:1"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).isEqualTo(1);
        assertThat(message).startsWith("demo-site: cannot reach Redis at redis://****@127.0.0.1:1")
                .doesNotContain("hunter2").doesNotContain("\n");
    }
}
