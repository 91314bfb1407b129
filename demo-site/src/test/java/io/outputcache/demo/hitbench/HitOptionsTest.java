package io.outputcache.demo.hitbench;

import io.outputcache.demo.UsageException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The command line of {@code hitbench} and the parsing of wrk's report (wrk need not be installed for this). */
class HitOptionsTest {

    @Test
    void defaultsAreThreeRoundsOfFiveSecondsWithSixtyFourConnectionsOnTheSixComparedTargets() {
        HitOptions o = HitOptions.parse(List.of()).orElseThrow();
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.connections()).isEqualTo(64);
        assertThat(o.targets()).isEqualTo(EnumSet.range(Target.LIMIT, Target.NGINX));
        assertThat(o.redis()).isEmpty();
    }

    @Test
    void theBareRedissonTargetsAreOptInByTheirHyphenatedNames() {
        HitOptions o = HitOptions.parse(List.of("--targets", "limit,redisson,redisson-async,Redisson-Async-Start"))
                .orElseThrow();
        assertThat(o.targets()).containsExactly(Target.LIMIT, Target.REDISSON, Target.REDISSON_ASYNC,
                Target.REDISSON_ASYNC_START);
        assertThat(Target.REDISSON_ASYNC.key()).isEqualTo("redisson-async");
        assertThatThrownBy(() -> HitOptions.parse(List.of("--targets", "limit,redisson_async")))
                .isInstanceOf(UsageException.class).hasMessageContaining("redisson-async-start");
    }

    @Test
    void theFlagsOfTheIssueAreAccepted() {
        HitOptions o = HitOptions.parse(List.of("--duration", "2s", "--rounds", "1", "--connections", "8",
                "--targets", "limit,near", "--redis", "redis://127.0.0.1:6379")).orElseThrow();
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.targets()).containsExactly(Target.LIMIT, Target.NEAR);
        assertThat(o.redis()).contains("redis://127.0.0.1:6379");
    }

    @Test
    void wrongValuesNameTheFlagAndWhatItAccepts() {
        assertThatThrownBy(() -> HitOptions.parse(List.of("--targets", "limit,squid")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--targets accepts limit, redis");
        assertThatThrownBy(() -> HitOptions.parse(List.of("--targets", "near")))
                .isInstanceOf(UsageException.class).hasMessageContaining("must include limit");
        assertThatThrownBy(() -> HitOptions.parse(List.of("--fast"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("--fast");
        assertThat(HitOptions.parse(List.of("--help"))).isEmpty();
    }

    @Test
    void wrksLatencyReportIsRead() {
        String out = """
                Running 5s test @ http://127.0.0.1:8080/limit
                  2 threads and 64 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     1.10ms  300.00us   10.00ms   90.00%
                    Req/Sec    29.50k     1.00k   31.00k    99.00%
                  Latency Distribution
                     50%  850.00us
                     75%    1.20ms
                     90%    1.40ms
                     99%    2.50ms
                  294930 requests in 5.00s, 5.50GB read
                  Non-2xx or 3xx responses: 3
                Requests/sec:  58986.00
                Transfer/sec:      1.10GB
                """;
        LoadGenerator.Run run = WrkLoad.parse(out);
        assertThat(run.requests()).isEqualTo(294_930);
        assertThat(run.rps()).isCloseTo(58_986, within(1.0));
        assertThat(run.p50Ms()).isCloseTo(0.85, within(1e-9));
        assertThat(run.p99Ms()).isCloseTo(2.5, within(1e-9));
        assertThat(run.errors()).isEqualTo(3);
        assertThat(run.bodyBytes()).isCloseTo(5.5 * 1024 * 1024 * 1024 / 294_930, within(1.0));
    }

    @Test
    void theAsyncStoreReadsTargetIsOptIn() {
        HitOptions o = HitOptions.parse(List.of("--targets", "limit,redis,redis-async")).orElseThrow();
        assertThat(o.targets()).containsExactly(Target.LIMIT, Target.REDIS, Target.REDIS_ASYNC);
        assertThat(Target.defaults()).doesNotContain(Target.REDIS_ASYNC);
    }
}
