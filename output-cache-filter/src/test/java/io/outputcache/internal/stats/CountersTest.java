package io.outputcache.internal.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CountersTest {
    private final Counters counters = new Counters();

    @Test
    void incrementsInsideARuleScopeCountForTheRuleAndTheTotal() {
        try (Counters.RuleScope scope = counters.inRule("pages")) {
            counters.hits.increment();
            counters.refused("set-cookie");
        }
        try (Counters.RuleScope scope = counters.inRule("api")) {
            counters.hits.increment();
            counters.hits.increment();
        }
        counters.hits.increment(); // outside any rule: total only
        assertThat(counters.hits.sum()).isEqualTo(4);
        assertThat(counters.ruleCount("pages", Counters.HITS)).isEqualTo(1);
        assertThat(counters.ruleCount("api", Counters.HITS)).isEqualTo(2);
        assertThat(counters.ruleCount("pages", Counters.REFUSED_PREFIX + "set-cookie")).isEqualTo(1);
        assertThat(counters.ruleCount("api", Counters.REFUSED_PREFIX + "set-cookie")).isZero();
    }

    @Test
    void closingAScopeRestoresTheOuterOne() {
        try (Counters.RuleScope outer = counters.inRule("a")) {
            try (Counters.RuleScope inner = counters.inRule("b")) {
                counters.misses.increment();
            }
            counters.misses.increment();
        }
        assertThat(counters.ruleCount("a", Counters.MISSES)).isEqualTo(1);
        assertThat(counters.ruleCount("b", Counters.MISSES)).isEqualTo(1);
    }

    @Test
    void theShadowSampleKeepsTheMostRecentDistinctPathsBounded() {
        IntStream.range(0, Counters.SHADOW_SAMPLE_SIZE + 5).forEach(i -> counters.shadowMismatch("/p" + i));
        counters.shadowMismatch("/p10");
        assertThat(counters.shadowMismatchSample()).hasSize(Counters.SHADOW_SAMPLE_SIZE)
                .doesNotContain("/p0", "/p4").endsWith("/p10");
        assertThat(counters.shadowMismatches.sum()).isEqualTo(Counters.SHADOW_SAMPLE_SIZE + 6);
    }
}
