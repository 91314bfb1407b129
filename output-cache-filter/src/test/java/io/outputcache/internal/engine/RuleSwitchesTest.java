package io.outputcache.internal.engine;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.RuleSwitch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSwitchesTest {
    private static OutputCacheConfig.Builder twoRules() {
        return OutputCacheConfig.builder().storeType(OutputCacheConfig.StoreType.MEMORY)
                .rule(CacheRule.builder("pages").include("/p/**").ttl(Duration.ofMinutes(1)).build())
                .rule(CacheRule.builder("trial").include("/t/**").ttl(Duration.ofMinutes(1)).shadow(true).build());
    }

    @Test
    void everyRuleStartsWhereItsConfigurationPutsIt() {
        RuleSwitches switches = new RuleSwitches(twoRules().build());
        assertThat(switches.get("pages")).isEqualTo(RuleSwitch.ON);
        assertThat(switches.get("trial")).isEqualTo(RuleSwitch.SHADOW);
    }

    @Test
    void theFilterWideShadowOptionStartsEveryRuleInShadow() {
        RuleSwitches switches = new RuleSwitches(twoRules().shadow(true).build());
        assertThat(switches.get("pages")).isEqualTo(RuleSwitch.SHADOW);
    }

    @Test
    void aSwitchChangesOnlyItsRuleAndReturnsThePreviousPosition() {
        OutputCacheConfig config = twoRules().build();
        RuleSwitches switches = new RuleSwitches(config);
        assertThat(switches.set("pages", RuleSwitch.OFF)).isEqualTo(RuleSwitch.ON);
        assertThat(switches.of(config.rules().get(0))).isEqualTo(RuleSwitch.OFF);
        assertThat(switches.get("trial")).isEqualTo(RuleSwitch.SHADOW);
        assertThat(switches.set("trial", RuleSwitch.ON)).isEqualTo(RuleSwitch.SHADOW);
        assertThat(switches.get("trial")).isEqualTo(RuleSwitch.ON);
    }

    @Test
    void anUnknownRuleNameIsRefusedNamingTheKnownRules() {
        RuleSwitches switches = new RuleSwitches(twoRules().build());
        assertThatThrownBy(() -> switches.set("page", RuleSwitch.OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'page'").hasMessageContaining("pages, trial");
        assertThatThrownBy(() -> switches.get(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullPositionIsRefused() {
        RuleSwitches switches = new RuleSwitches(twoRules().build());
        assertThatThrownBy(() -> switches.set("pages", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ON, OFF or SHADOW");
        assertThat(switches.get("pages")).isEqualTo(RuleSwitch.ON);
    }
}
