package io.outputcache.internal.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesTest {
    @Test
    void readsDurations() {
        assertThat(ConfigValues.duration("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigValues.duration("x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigValues.duration("x", " 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValues.duration("x", "1H")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigValues.duration("x", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(ConfigValues.duration("x", "PT90S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void badDurationNamesTheOptionAndTheForms() {
        assertThatThrownBy(() -> ConfigValues.duration("ttl", "5 minutes"))
                .hasMessage("ttl must be a duration such as 250ms, 30s, 5m, 1h, 1d or PT5M but was '5 minutes'");
        assertThatThrownBy(() -> ConfigValues.duration("ttl", "")).hasMessageStartingWith("ttl must be a duration");
    }

    @Test
    void readsSizes() {
        assertThat(ConfigValues.size("x", "1024")).isEqualTo(1024);
        assertThat(ConfigValues.size("x", "512KiB")).isEqualTo(512 * 1024);
        assertThat(ConfigValues.size("x", "1mb")).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> ConfigValues.size("max-body-size", "lots")).hasMessageContaining("max-body-size must be a size");
    }

    @Test
    void booleansAreStrict() {
        assertThat(ConfigValues.bool("x", "TRUE")).isTrue();
        assertThat(ConfigValues.bool("x", "false")).isFalse();
        assertThatThrownBy(() -> ConfigValues.bool("debug-headers", "yes"))
                .hasMessage("debug-headers must be true or false but was 'yes'");
    }

    @Test
    void listsSplitOnCommasAndSpace() {
        assertThat(ConfigValues.list(" a, b  c,,d ")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void formatsDurationsTheWayTheyAreRead() {
        assertThat(ConfigValues.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(ConfigValues.format(Duration.ofMillis(150))).isEqualTo("150ms");
        assertThat(ConfigValues.duration("x", ConfigValues.format(Duration.ofSeconds(90)))).isEqualTo(Duration.ofSeconds(90));
    }
}
