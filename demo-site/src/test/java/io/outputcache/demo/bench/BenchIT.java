package io.outputcache.demo.bench;

import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load comparison end to end, kept very short: it must crawl every URL, measure both modes, and write its
 * reports with the renders per 1,000 requests.
 */
class BenchIT {

    @Test
    void aShortBenchMeasuresBothModesAndWritesItsReports() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "bench-it"));
        Files.deleteIfExists(out.resolve("bench-report.json"));
        Files.deleteIfExists(out.resolve("bench-report.html"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Bench.Report report = Bench.execute(Bench.parse(List.of("--duration", "400ms", "--concurrency", "2",
                        "--pages", "40", "--redis", TestRedis.url(), "--db-latency-ms", "1", "--out", out.toString())),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.off().requests()).isPositive();
        assertThat(report.on().requests()).isPositive();
        assertThat(report.off().renders()).as("caching off renders every request").isPositive();
        assertThat(report.off().rendersPer1000()).isEqualTo(1000.0 * report.off().renders() / report.off().requests());
        assertThat(report.on().renders()).as("after the crawl, caching on serves most requests from the cache")
                .isLessThan(report.on().requests());
        String json = Files.readString(out.resolve("bench-report.json"));
        assertThat(json).startsWith("{\"off\":{").contains("\"on\":{");
        for (String field : List.of("rps", "p50Ms", "p99Ms", "renders", "rendersPer1000", "fragmentRenders",
                "dbQueries", "requests", "crawlSeconds")) {
            assertThat(json).contains("\"" + field + "\":");
        }
        assertThat(Files.readString(out.resolve("bench-report.html")))
                .contains("<svg", "Requests per second", "renders per 1,000", "Page renders per 1,000 requests");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("req/s", "p99 ms", "cpu us/req", "renders/1k",
                "caching off: crawled 40 URLs", "caching on: crawled 40 URLs", "renders per 1,000 requests");
    }
}
