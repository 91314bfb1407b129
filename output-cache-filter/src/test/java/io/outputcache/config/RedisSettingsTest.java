package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {

    @Test
    void defaults() {
        RedisSettings d = RedisSettings.builder().build();
        assertThat(d).isEqualTo(RedisSettings.DEFAULT);
        assertThat(d.topology()).isEqualTo(new RedisTopology.Standalone("redis://127.0.0.1:6379", 0));
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void urlCredentialsMoveIntoTheSettings() {
        RedisSettings s = RedisSettings.builder().urls(List.of("rediss://app:s3/cr@t@cache.example:10000")).build();
        assertThat(s.topology().addresses()).containsExactly("rediss://cache.example:10000");
        assertThat(s.username()).contains("app");
        assertThat(s.password()).contains("s3/cr@t");
    }

    @Test
    void toStringShowsTheSettingsButNeverThePassword() {
        RedisSettings s = RedisSettings.builder().urls(List.of("redis://app:s3/cr@t@h:1")).database(3).build();
        assertThat(s.toString()).isEqualTo("redis-url=[redis://h:1], redis-mode=standalone, redis-username=app,"
                + " redis-password=****, redis-database=3, redis-connect-timeout=2s");
    }

    @Test
    void clusterTakesSeveralSeeds() {
        RedisSettings s = RedisSettings.builder().urls(List.of("redis://a:7000", "redis://b:7001")).cluster().build();
        assertThat(s.topology()).isEqualTo(new RedisTopology.Cluster(List.of("redis://a:7000", "redis://b:7001")));
    }

    @Test
    void sentinelNeedsAMasterName() {
        assertThatThrownBy(() -> RedisSettings.builder().sentinel().build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("redis-mode sentinel needs redis-sentinel-master");
        RedisSettings s = RedisSettings.builder().urls(List.of("redis://s1:26379", "redis://s2:26379")).sentinel()
                .sentinelMaster("mymaster").database(1).build();
        assertThat(s.topology()).isEqualTo(new RedisTopology.Sentinel("mymaster",
                List.of("redis://s1:26379", "redis://s2:26379"), 1));
    }

    @Test
    void aMasterNameOutsideSentinelModeFails() {
        assertThatThrownBy(() -> RedisSettings.builder().sentinelMaster("mymaster").build())
                .hasMessage("redis-sentinel-master applies to redis-mode sentinel only");
    }

    @Test
    void aClusterHasOnlyDatabaseZero() {
        assertThatThrownBy(() -> RedisSettings.builder().cluster().database(2).build())
                .hasMessageContaining("redis-database must be 0 in redis-mode cluster");
        assertThat(RedisSettings.builder().cluster().database(0).build().topology()).isInstanceOf(RedisTopology.Cluster.class);
    }

    @Test
    void standaloneTakesOneServer() {
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://a:1", "redis://b:2")).build())
                .hasMessageContaining("set redis-mode to cluster or sentinel");
    }

    @Test
    void tlsAndPlainDoNotMix() {
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://a:1", "rediss://b:2")).cluster().build())
                .hasMessageContaining("mixes redis:// and rediss://");
    }

    @Test
    void urls_twice() {
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://a:1")).urls(List.of("redis://b:1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("redis-url was already set to [redis://a:1]");
    }

    @Test
    void mode_twice() {
        assertThatThrownBy(() -> RedisSettings.builder().cluster().sentinel())
                .hasMessage("redis-mode was already set to cluster");
    }

    @Test
    void password_twiceNeverShowsEither() {
        assertThatThrownBy(() -> RedisSettings.builder().password("first").password("second"))
                .hasMessage("redis-password was already set (shown as ****)");
    }

    @Test
    void passwordAfterAUrlWithOneFails() {
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://:inurl@h")).password("other"))
                .hasMessageContaining("redis-password was already set").hasMessageNotContaining("inurl");
    }

    @Test
    void usernameAfterAUrlWithOneFails() {
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://app@h")).username("other"))
                .hasMessage("redis-username was already set to app");
    }

    @Test
    void urlsWithDifferentPasswordsFail() {
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://:one@a:1", "redis://:two@b:1")))
                .hasMessage("redis-password was already set (shown as ****)");
        assertThat(RedisSettings.builder().urls(List.of("redis://:same@a:1", "redis://:same@b:1")).cluster().build()
                .password()).contains("same");
    }

    @Test
    void database_twice() {
        assertThatThrownBy(() -> RedisSettings.builder().database(1).database(2))
                .hasMessage("redis-database was already set to 1");
    }

    @Test
    void connectTimeout_twiceAndPositive() {
        assertThatThrownBy(() -> RedisSettings.builder().connectTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(3)))
                .hasMessage("redis-connect-timeout was already set to PT1S");
        assertThatThrownBy(() -> RedisSettings.builder().connectTimeout(Duration.ZERO))
                .hasMessage("redis-connect-timeout must be positive but was PT0S");
    }

    @Test
    void redissonConfig_twice() {
        assertThatThrownBy(() -> RedisSettings.builder().redissonConfig(Path.of("a.yaml")).redissonConfig(Path.of("b.yaml")))
                .hasMessage("redisson-config was already set to a.yaml");
    }

    @Test
    void theRecordChecksItselfWhenMadeDirectly() {
        assertThatThrownBy(() -> new RedisSettings(new RedisTopology.Standalone("redis://h:1", -1), Optional.empty(),
                Optional.empty(), Optional.empty(), TlsTrust.DEFAULT, Optional.empty(), Duration.ofSeconds(1)))
                .hasMessage("redis-database must not be negative but was -1");
        assertThatThrownBy(() -> new RedisTopology.Cluster(List.of())).hasMessage("redis-url must name at least one server");
    }
}
