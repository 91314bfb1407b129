package io.outputcache.demo;

import io.outputcache.OutputCacheConfig.RedisMode;
import io.outputcache.config.RedisSettings;
import io.outputcache.config.RedisTopology;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoOptionsTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        DemoOptions o = DemoOptions.parse(List.of());
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.redis()).isEmpty();
        assertThat(o.memoryPageStore()).isFalse();
        assertThat(o.cacheOn()).isTrue();
        assertThat(o.dbLatencyMs()).isEqualTo(20);
        assertThat(o.webXml()).isFalse();
        assertThat(o.adminToken()).isEmpty();
    }

    @Test
    void everyFlagIsRead() {
        DemoOptions o = DemoOptions.parse(List.of("--port", "9090", "--redis", "redis://10.0.0.1:6380", "--store=memory",
                "--cache", "off", "--db-latency-ms", "5", "--webxml", "--admin-token", "s3cret-token"));
        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.redis()).containsExactly("redis://10.0.0.1:6380");
        assertThat(o.memoryPageStore()).isTrue();
        assertThat(o.cacheOn()).isFalse();
        assertThat(o.dbLatencyMs()).isEqualTo(5);
        assertThat(o.webXml()).isTrue();
        assertThat(o.adminToken()).contains("s3cret-token");
        assertThat(DemoOptions.parse(List.of("--redis", "embedded")).redis()).isEmpty();
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "x"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "70000"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "localhost:6379"))).hasMessageContaining("--redis");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--store", "disk"))).hasMessageContaining("--store");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--cache", "yes"))).hasMessageContaining("--cache");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--db-latency-ms", "-1"))).hasMessageContaining("--db-latency-ms");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--admin-token", "short"))).hasMessageContaining("--admin-token");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--colour", "red"))).hasMessageContaining("--colour");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port"))).hasMessageContaining("--port needs a value");
    }

    @Test
    void theMultiNodeFlagsAreRead() {
        DemoOptions o = DemoOptions.parse(List.of("--redis", "redis://10.0.0.1:7000, redis://10.0.0.2:7000",
                "--redis-mode", "cluster", "--near-cache", "on", "--db",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
        assertThat(o.redis()).containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7000");
        assertThat(o.redisMode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(o.nearCache()).isTrue();
        assertThat(o.db()).contains("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        RedisSettings cluster = o.redisTarget().orElseThrow().settings();
        assertThat(cluster.topology()).isEqualTo(new RedisTopology.Cluster(
                List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7000")));

        RedisTarget sentinel = DemoOptions.parse(List.of("--redis-mode=sentinel", "--sentinel-master", "shop",
                "--redis", "redis://:s3cret@10.0.0.1:26379,redis://:s3cret@10.0.0.2:26379")).redisTarget().orElseThrow();
        assertThat(sentinel.settings().topology()).isEqualTo(new RedisTopology.Sentinel("shop",
                List.of("redis://10.0.0.1:26379", "redis://10.0.0.2:26379"), 0));
        assertThat(sentinel.settings().password()).contains("s3cret");
        assertThat(sentinel.describe()).isEqualTo(
                "sentinel redis://****@10.0.0.1:26379,redis://****@10.0.0.2:26379 master shop")
                .doesNotContain("s3cret");

        DemoOptions defaults = DemoOptions.parse(List.of());
        assertThat(defaults.redisMode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(defaults.nearCache()).as("near cache on by default in front of Redis").isTrue();
        assertThat(DemoOptions.parse(List.of("--store", "memory")).nearCache())
                .as("no near cache in front of the in-process store").isFalse();
        assertThat(DemoOptions.parse(List.of("--near-cache", "off")).nearCache()).isFalse();
        assertThat(DemoOptions.parse(List.of("--webxml")).nearCache()).as("web.xml deployment gets it too").isTrue();
        assertThat(DemoOptions.parse(List.of("--webxml", "--near-cache=off")).nearCache()).isFalse();
        assertThat(defaults.db()).isEmpty();
        assertThat(defaults.redisTarget()).isEmpty();
        assertThat(DemoOptions.parse(List.of("--redis", "redis://h:6379/3")).redisTarget().orElseThrow().settings()
                .topology()).isEqualTo(new RedisTopology.Standalone("redis://h:6379", 3));
    }

    @Test
    void badMultiNodeValuesNameTheFlagAndWhatItAccepts() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis-mode", "replicated")))
                .hasMessage("--redis-mode must be standalone, cluster or sentinel but was 'replicated'");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--near-cache", "yes")))
                .hasMessage("--near-cache must be on or off but was 'yes'");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "redis://a:1,redis://b:2")))
                .hasMessageContaining("--redis lists 2 servers").hasMessageContaining("--redis-mode");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "redis://a:1,redis://b:2", "--redis-mode",
                "sentinel"))).hasMessageContaining("--sentinel-master NAME");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "redis://a:1", "--sentinel-master", "shop")))
                .hasMessage("--sentinel-master applies to --redis-mode sentinel only");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis-mode", "cluster")))
                .hasMessageContaining("--redis-mode cluster needs --redis");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "redis://a:1,", "--redis-mode", "cluster")))
                .hasMessageContaining("--redis");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "redis://a:1,rediss://b:2", "--redis-mode",
                "cluster"))).hasMessageContaining("--redis").hasMessageContaining("mixes");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "redis://a:1/x")))
                .hasMessageContaining("--redis may end in a database number");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "postgres://127.0.0.1/test")))
                .hasMessageStartingWith("--db must be a JDBC URL");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "jdbc:mysql://127.0.0.1/test?password=hunter2")))
                .hasMessageStartingWith("--db names a database the demo has no driver for")
                .hasMessageContaining("jdbc:postgresql://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--db"))).hasMessage("--db needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--near-cache", "on", "--store", "memory")))
                .hasMessageStartingWith("--near-cache on").hasMessageContaining("--store memory");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--store", "memory", "--near-cache=on")))
                .hasMessageStartingWith("--near-cache on").hasMessageContaining("--store memory");
    }

    @Test
    void aPasswordInABadRedisUrlIsNotEchoed() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "http://user:hunter2@host")))
                .hasMessageNotContaining("hunter2");
    }
}
