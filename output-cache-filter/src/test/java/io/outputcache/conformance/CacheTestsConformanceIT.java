package io.outputcache.conformance;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public HTTP caching test suite (cache-tests.fyi, npm {@code http-cache-tests} 0.4.5) against the filter in
 * HTTP mode, in front of a transparent reverse proxy to the suite's origin server. Three runs, at the same time:
 * against the origin directly, through the proxy alone (which must give the same result for every test: the
 * proxy is faithful, so what the cached run measures is the filter) and through the filter and the proxy.
 *
 * <p>Reproduce: {@code mvn -B verify -pl output-cache-filter -Dtest=CacheTestsConformanceIT}. The rows are printed
 * to {@code output-cache-filter/target/surefire-reports/io.outputcache.conformance.CacheTestsConformanceIT-output.txt};
 * every test's result is in {@code output-cache-filter/target/conformance/results-{origin,proxy,filter}.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheTestsConformanceIT {
    /**
     * The required tests of the 0.4.5 cut that contradict RFC 9111 §5.1 (a list-based Age counts by its first
     * member; an invalid one is ignored): the suite expects these responses to be treated as stale, the RFC says they
     * are fresh. The filter follows the RFC, so they fail, and they are all that fails for that reason. The suite's
     * later releases corrected these tests (docs/conformance.md).
     */
    static final Set<String> CONTRADICTED_BY_RFC_9111 = Set.of(
            "age-parse-nonnumeric", "age-parse-negative", "age-parse-float", "age-parse-prefix-twoline",
            "age-parse-dup-0", "age-parse-dup-0-twoline", "age-parse-dup-old", "age-parse-parameter",
            "age-parse-numeric-parameter");

    /**
     * Floors: what the filter reaches (required 151 / 9, optimal 77 / 18 when measured, the 9 required failures
     * being {@link #CONTRADICTED_BY_RFC_9111}), less a margin for the suite's timing-sensitive tests (3 s pauses,
     * 2 s lifetimes) on a loaded machine, which then fail their setup (or that of the tests depending on them)
     * rather than their assertion.
     */
    static final int REQUIRED_PASSED_FLOOR = 146;
    /** Required failures other than the contradicted Age tests: none measured; one allowed for a slow run. */
    static final int REQUIRED_FAILED_CEILING = 1;
    static final int OPTIMAL_PASSED_FLOOR = 73;

    /**
     * Tests that pass because the engine applies this round's decisions (the leak guard skipping unreadable codings,
     * ranges answered from a stored 200): none of them depends on the suite's pauses, so each must pass.
     */
    static final Set<String> WIRED = Set.of("headers-store-Content-Encoding",
            "304-etag-update-response-Content-Encoding", "partial-use-headers", "partial-store-complete-reuse-partial",
            "partial-store-complete-reuse-partial-no-last", "partial-store-complete-reuse-partial-suffix");

    private CacheTestsSuite.Origin origin;
    private ProxyServer passThrough;
    private ProxyServer cached;
    private OutputCacheFilter filter;
    private CacheTestsSuite.Run direct;
    private CacheTestsSuite.Run proxied;
    private CacheTestsSuite.Run filtered;

    private boolean toolsAvailable;

    @BeforeEach
    void needsNodeAndNpm() {
        assumeTrue(toolsAvailable, "skipped: node and npm are not on the PATH (install Node.js 18+ to run the HTTP"
                + " caching conformance suite; set " + CacheTestsSuite.REQUIRE_ALL + "=true to make this a failure)");
    }

    @BeforeAll
    void runTheSuite() throws Exception {
        boolean available = CacheTestsSuite.toolsAvailable();
        if (!available && "true".equals(System.getenv(CacheTestsSuite.REQUIRE_ALL))) {
            fail("node and npm are needed for the HTTP caching conformance suite (" + CacheTestsSuite.REQUIRE_ALL
                    + "=true): install Node.js 18 or later");
        }
        toolsAvailable = available;
        if (!available) {
            return; // every test reports itself skipped, with the reason (a skip in @BeforeAll would show as 0 tests)
        }

        CacheTestsSuite suite = CacheTestsSuite.install(Path.of("src/test/conformance").toAbsolutePath(),
                Path.of("target/conformance").toAbsolutePath());
        origin = suite.startOrigin();
        passThrough = ProxyServer.start(origin.baseUrl(), Optional.empty());
        filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                // Three suite runs (and whatever else the machine runs) share few cores: a slow store answer must
                // not turn a hit into a miss
                // (the default 150 ms bound is for production latency, not what this test measures).
                .storeTimeout(Duration.ofSeconds(5))
                .rule(CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build())
                .build());
        cached = ProxyServer.start(origin.baseUrl(), Optional.of(filter));

        CompletableFuture<CacheTestsSuite.Run> d = runAsync(suite, origin.baseUrl(), "origin");
        CompletableFuture<CacheTestsSuite.Run> p = runAsync(suite, passThrough.baseUrl(), "proxy");
        CompletableFuture<CacheTestsSuite.Run> f = runAsync(suite, cached.baseUrl(), "filter");
        try {
            direct = d.join();
            proxied = p.join();
            filtered = f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        System.out.println("[conformance] http-cache-tests 0.4.5, origin directly:  " + direct.row());
        System.out.println("[conformance] http-cache-tests 0.4.5, proxy, no cache:  " + proxied.row());
        System.out.println("[conformance] http-cache-tests 0.4.5, filter + proxy:   " + filtered.row());
        for (CacheTestsSuite.Result r : filtered.notPassed()) {
            if (!r.outcome().equals("no") && !r.outcome().equals("dependency_fail")) {
                System.out.println("[conformance]   " + r.outcome() + " " + r.kind() + " " + r.id() + " " + r.message());
            }
        }
    }

    private static CompletableFuture<CacheTestsSuite.Run> runAsync(CacheTestsSuite suite, String base, String label) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return suite.run(base, label);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {cached, passThrough, origin}) {
            if (c != null) {
                c.close();
            }
        }
        if (filter != null) {
            filter.destroy();
        }
    }

    /**
     * The proxy alone must give the origin's result for every test, except where the test client could not read
     * the origin's own answer (a transport error at the origin, e.g. the malformed {@code Content-Length} of
     * headers-store-Content-Length, or a reset under load): a proxy necessarily answers those with a well-formed
     * message. Those exceptions are listed on the console and must stay few.
     */
    @Test
    void theProxyAloneGivesTheOriginsResultForEveryTest() {
        List<String> differences = new ArrayList<>();
        List<String> unreadableAtOrigin = new ArrayList<>();
        for (CacheTestsSuite.Result atOrigin : direct.results().values()) {
            CacheTestsSuite.Result throughProxy = proxied.results().get(atOrigin.id());
            String viaProxy = throughProxy == null ? "missing" : throughProxy.outcome();
            if (atOrigin.outcome().equals(viaProxy)) {
                continue;
            }
            String line = atOrigin.id() + ": origin " + atOrigin.outcome() + " (" + atOrigin.message() + "), proxy "
                    + viaProxy + (throughProxy == null ? "" : " (" + throughProxy.message() + ")");
            if (atOrigin.message().startsWith("FetchError")) {
                unreadableAtOrigin.add(line);
            } else {
                differences.add(line);
            }
        }
        unreadableAtOrigin.forEach(l -> System.out.println("[conformance] transport error at the origin: " + l));
        assertThat(differences).as("tests whose result through the proxy differs from the origin's").isEmpty();
        assertThat(unreadableAtOrigin).as("tests the client could not read from the origin itself").hasSizeLessThan(6);
        assertThat(proxied.results().keySet()).isEqualTo(direct.results().keySet());
    }

    @Test
    void theFilterPassesAtLeastTheFloorOfRequiredTests() {
        assertThat(filtered.requiredPassed()).as(filtered.row()).isGreaterThanOrEqualTo(REQUIRED_PASSED_FLOOR);
    }

    @Test
    void theFilterFailsNoMoreThanTheCeilingOfRequiredTests() {
        List<String> failed = filtered.results().values().stream()
                .filter(r -> r.kind().equals("required") && r.outcome().equals("fail"))
                .map(CacheTestsSuite.Result::id)
                .filter(id -> !CONTRADICTED_BY_RFC_9111.contains(id))
                .sorted().toList();
        assertThat(failed).as("required failures other than the Age tests RFC 9111 contradicts; " + filtered.row())
                .hasSizeLessThanOrEqualTo(REQUIRED_FAILED_CEILING);
    }

    /**
     * The Age tests of the 0.4.5 cut that the RFC agrees with must not fail. (Those it contradicts fail by the rule
     * HttpModeStorabilityTest pins; one of them may pass in a slow run, where a response that should have been a
     * hit was not, so that direction is reported, not asserted.) Keeps docs/conformance.md's list true.
     */
    @Test
    void theOnlyAgeTestsThatFailAreThoseTheRfcContradicts() {
        List<String> failedOtherwise = new ArrayList<>();
        for (CacheTestsSuite.Result r : filtered.results().values()) {
            if (!r.id().startsWith("age-parse-")) {
                continue;
            }
            if (CONTRADICTED_BY_RFC_9111.contains(r.id()) && r.outcome().equals("pass")) {
                System.out.println("[conformance] contradicted Age test passed (a miss where a hit was due?): " + r.id());
            }
            if (!CONTRADICTED_BY_RFC_9111.contains(r.id()) && r.outcome().equals("fail")) {
                failedOtherwise.add(r.id() + " " + r.message());
            }
        }
        assertThat(failedOtherwise).as("Age tests that failed although the RFC agrees with the suite").isEmpty();
        assertThat(filtered.results().keySet()).containsAll(CONTRADICTED_BY_RFC_9111);
    }

    @Test
    void theDecisionsTheEngineAppliesPassTheirTests() {
        List<String> notPassed = filtered.results().values().stream()
                .filter(r -> WIRED.contains(r.id()) && !r.outcome().equals("pass"))
                .map(r -> r.id() + " " + r.outcome() + " " + r.message()).sorted().toList();
        assertThat(notPassed).as(filtered.row()).isEmpty();
        assertThat(filtered.results().keySet()).containsAll(WIRED);
    }

    @Test
    void theFilterPassesAtLeastTheFloorOfOptimalTests() {
        assertThat(filtered.optimalPassed()).as(filtered.row()).isGreaterThanOrEqualTo(OPTIMAL_PASSED_FLOOR);
    }

    @Test
    void theFilterCausesNoMoreSetupOrHarnessErrorsThanTheOrigin() {
        assertThat(filtered.harnessErrors()).as(filtered.row()).isLessThanOrEqualTo(direct.harnessErrors());
    }
}
