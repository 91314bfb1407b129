package io.outputcache.demo.hitbench;

import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hit benchmark end to end, kept tiny (one round, one second per target, targets 1 to 4): a real server JVM
 * with Jetty and the filter on a real Redis, the built-in load generator, and both reports.
 */
class HitBenchIT {

    @Test
    void aTinyRunMeasuresEveryTargetForBothClientKindsAndMarksTheOthersSkipped() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "hitbench-it"));
        Files.deleteIfExists(out.resolve(HitReport.JSON));
        Files.deleteIfExists(out.resolve(HitReport.HTML));
        List<String> args = new ArrayList<>(List.of("--rounds", "1", "--duration", "1s", "--warm-up", "300ms",
                "--connections", "4", "--targets", "limit,redis,near,render", "--java-load", "--out", out.toString()));
        if (Processes.onPath("redis-server").isEmpty()) {
            args.addAll(List.of("--redis", TestRedis.url()));
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        HitBench.Result result = HitBench.execute(HitOptions.parse(args).orElseThrow(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        int identityBytes = (int) result.cell(Target.LIMIT, false).median(s -> s.run().bodyBytes());
        assertThat(identityBytes).as("the page is about 20 KB").isBetween(15_000, 30_000);
        for (Target t : List.of(Target.LIMIT, Target.REDIS, Target.NEAR, Target.RENDER)) {
            for (boolean gzip : new boolean[]{false, true}) {
                HitBench.Cell c = result.cell(t, gzip);
                assertThat(c.skipped()).as(t + " measured").isNull();
                assertThat(c.rps()).as(t + " req/s").isPositive();
                assertThat(c.samples()).allSatisfy(s -> assertThat(s.run().errors()).isZero());
                double bytes = c.median(s -> s.run().bodyBytes());
                if (gzip) {
                    assertThat(bytes).as(t + " serves gzip to a gzip client").isLessThan(identityBytes / 3.0);
                } else {
                    assertThat(bytes).as(t + " serves the same identity bytes").isEqualTo(identityBytes);
                }
            }
        }
        assertThat(result.cell(Target.RENDER, false).cpuUs()).as("server CPU is measured").isPositive();

        String json = Files.readString(out.resolve(HitReport.JSON));
        for (String t : List.of("limit", "redis", "near", "render")) {
            String section = section(json, t);
            assertThat(count(section, "\"rps\": [0-9]")).as(t).isGreaterThanOrEqualTo(2);
            assertThat(count(section, "\"cpuMicrosPerRequest\": [0-9]")).as(t).isGreaterThanOrEqualTo(2);
            assertThat(count(section, "\"p99Ms\": [0-9]")).as(t).isGreaterThanOrEqualTo(2);
            assertThat(section).contains("\"rpsToLimit\": ").doesNotContain("\"skipped\": true");
        }
        for (String t : List.of("varnish", "nginx")) {
            assertThat(count(section(json, t), "\"skipped\": true")).as(t).isEqualTo(2);
        }
        assertThat(Files.readString(out.resolve(HitReport.HTML))).contains("<svg", "Requests per second",
                "the limit").doesNotContain("<script");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| 1 | servlet writing", "req/s ÷ (1)",
                "load generator: built-in Java").as("opt-in targets not asked for stay out of the table")
                .doesNotContain("| 7 |", "| 8 |", "| 9 |");
    }

    private static String section(String json, String target) {
        int start = json.indexOf("\"" + target + "\": {");
        assertThat(start).as(target + " in the JSON").isNotNegative();
        int end = json.indexOf("\n    \"", start + 5);
        return json.substring(start, end < 0 ? json.length() : end);
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
