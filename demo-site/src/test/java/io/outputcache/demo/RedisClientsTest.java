package io.outputcache.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's one redaction of Redis URLs: no form of credentials survives it. */
class RedisClientsTest {

    @Test
    void aUrlWithoutCredentialsIsUnchanged() {
        assertThat(RedisClients.redact("redis://127.0.0.1:6379/2")).isEqualTo("redis://127.0.0.1:6379/2");
    }

    @Test
    void userAndPasswordGo() {
        assertThat(RedisClients.redact("redis://shop:hunter2@cache.example:6379"))
                .isEqualTo("redis://****@cache.example:6379");
    }

    @Test
    void aPasswordAloneGoes() {
        assertThat(RedisClients.redact("redis://:hunter2@cache.example:6379")).isEqualTo("redis://****@cache.example:6379");
    }

    @Test
    void aPasswordWithSlashAtAndColonGoesWhole() {
        for (String url : List.of("redis://:hun/ter2@cache.example:6379", "redis://:hun@ter2@cache.example:6379",
                "redis://shop:hun:ter2@cache.example:6379", "redis://shop:h/u@n:t@cache.example:6379/0")) {
            assertThat(RedisClients.redact(url)).as(url).startsWith("redis://****@cache.example:6379")
                    .doesNotContain("hun").doesNotContain("ter2").doesNotContain("shop");
        }
    }

    @Test
    void aPercentEncodedPasswordGoes() {
        assertThat(RedisClients.redact("redis://shop:hun%2Fter%40x@cache.example:6379"))
                .isEqualTo("redis://****@cache.example:6379");
    }

    @Test
    void tlsUrlsAreRedactedTheSameWay() {
        assertThat(RedisClients.redact("rediss://default:hunter2@cache.example:6380"))
                .isEqualTo("rediss://****@cache.example:6380");
    }

    @Test
    void withoutASchemeTheCredentialsStillGo() {
        assertThat(RedisClients.redact("shop:hunter2@cache.example:6379")).isEqualTo("****@cache.example:6379");
    }

    @Test
    void aBadRedisFlagNeverEchoesThePassword() {
        for (String url : List.of("http://user:hunter2@host", "redis://user:hun ter2@host", "redis://:hun/ter2@")) {
            assertThatThrownBy(() -> DemoOptions.parse(List.of("--redis", url))).as(url)
                    .hasMessageContaining("--redis").hasMessageNotContaining("hunter2").hasMessageNotContaining("ter2");
        }
    }
}
