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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in bare client targets (Redisson's three, Jedis's one) end to end, kept tiny like {@link HitBenchIT}:
 * each is measured for both client kinds without an error (a GET that answers nothing or a value of another size
 * is a 500), serves the limit's bytes, reports its context switches, and appears in the table and the JSON;
 * unnamed opt-in targets stay out of the table.
 */
class BareRedissonIT {

    @Test
    void theBareGetsAreMeasuredLikeTheOtherTargets() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "hitbench-bare-it"));
        List<String> args = new ArrayList<>(List.of("--rounds", "1", "--duration", "1s", "--warm-up", "300ms",
                "--connections", "4", "--targets", "limit,redisson,redisson-async,redisson-async-start,jedis",
                "--java-load", "--out", out.toString()));
        if (Processes.onPath("redis-server").isEmpty()) {
            args.addAll(List.of("--redis", TestRedis.url()));
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        HitBench.Result result = HitBench.execute(HitOptions.parse(args).orElseThrow(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        for (Target t : List.of(Target.REDISSON, Target.REDISSON_ASYNC, Target.REDISSON_ASYNC_START, Target.JEDIS)) {
            for (boolean gzip : new boolean[]{false, true}) {
                HitBench.Cell c = result.cell(t, gzip);
                HitBench.Cell limit = result.cell(Target.LIMIT, gzip);
                assertThat(c.skipped()).as(t + " measured").isNull();
                assertThat(c.rps()).as(t + " req/s").isPositive();
                assertThat(c.samples()).allSatisfy(s -> assertThat(s.run().errors()).as(t + " errors").isZero());
                assertThat(c.median(s -> s.run().bodyBytes())).as(t + " writes the limit's bytes")
                        .isEqualTo(limit.median(s -> s.run().bodyBytes()));
                assertThat(c.median(HitBench.Sample::jvmSwitches)).as(t + " context switches").isPositive();
            }
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| 7 | one bare Redisson GET", "| 8 | the same GET with startAsync",
                "| 9 | the same GET with startAsync, written via AsyncContext.start", "JVM ctx sw/req",
                "| 11 | one bare Jedis GET of the entry on the request thread")
                .contains("| 2 | output cache hit from Redis");
        String json = Files.readString(out.resolve(HitReport.JSON));
        assertThat(json).contains("\"redisson-async-start\": {", "\"jedis\": {", "\"jvmContextSwitchesPerRequest\": ");
    }
}
