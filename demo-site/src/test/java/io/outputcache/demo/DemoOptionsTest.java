package io.outputcache.demo;

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
    void aPasswordInABadRedisUrlIsNotEchoed() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", "http://user:hunter2@host")))
                .hasMessageNotContaining("hunter2");
    }
}
