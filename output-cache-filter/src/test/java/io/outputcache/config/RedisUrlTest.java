package io.outputcache.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing and redaction of Redis URLs: one test per form a password may take. */
class RedisUrlTest {

    @Test
    void redactsAPasswordContainingSlashes() {
        assertThat(RedisUrl.redact("redis://:abc/def+gh==@cache.example:10000"))
                .isEqualTo("redis://****@cache.example:10000");
    }

    @Test
    void redactsAPasswordContainingAtSigns() {
        assertThat(RedisUrl.redact("redis://app:p@ss@w@rd@cache.example:6379/0"))
                .isEqualTo("redis://****@cache.example:6379/0");
    }

    @Test
    void redactsAPasswordContainingColons() {
        assertThat(RedisUrl.redact("redis://app:a:b:c@cache.example")).isEqualTo("redis://****@cache.example");
    }

    @Test
    void redactsUserAndPassword() {
        assertThat(RedisUrl.redact("redis://app:secret@10.0.0.7:6379")).isEqualTo("redis://****@10.0.0.7:6379");
    }

    @Test
    void redactsTlsUrls() {
        assertThat(RedisUrl.redact("rediss://default:k3y/with@all:of+them=@cache.example:10000"))
                .isEqualTo("rediss://****@cache.example:10000");
    }

    @Test
    void redactsEveryUrlOfAListAndOfASentence() {
        assertThat(RedisUrl.redact("redis://a:s1@h1:7000,redis://b:s/2@h2:7001"))
                .isEqualTo("redis://****@h1:7000,redis://****@h2:7001");
        assertThat(RedisUrl.redact("cannot reach 'rediss://u:p@w/d@h:6380' now: refused"))
                .isEqualTo("cannot reach 'rediss://****@h:6380' now: refused");
    }

    @Test
    void leavesUrlsWithoutCredentialsAlone() {
        assertThat(RedisUrl.redact("redis://cache.example:6379 and rediss://[::1]:6380"))
                .isEqualTo("redis://cache.example:6379 and rediss://[::1]:6380");
        assertThat(RedisUrl.redact(null)).isNull();
    }

    @Test
    void parsesThePasswordWholeWhateverItContains() {
        RedisUrl url = RedisUrl.parse("rediss://app:p@ss/w:rd+=@cache.example:10000");
        assertThat(url.username()).contains("app");
        assertThat(url.password()).contains("p@ss/w:rd+=");
        assertThat(url.address()).isEqualTo("rediss://cache.example:10000");
        assertThat(url.tls()).isTrue();
    }

    @Test
    void percentEscapesAreDecodedButPlusStaysPlus() {
        RedisUrl url = RedisUrl.parse("redis://:p%40ss%2Fw+rd%zz@h");
        assertThat(url.username()).isEmpty();
        assertThat(url.password()).contains("p@ss/w+rd%zz");
    }

    @Test
    void portDefaultsTo6379AndPathIsNotPartOfTheAddress() {
        assertThat(RedisUrl.parse("redis://cache.example/2").address()).isEqualTo("redis://cache.example:6379");
        assertThat(RedisUrl.parse("redis://[::1]:6380").address()).isEqualTo("redis://[::1]:6380");
        assertThat(RedisUrl.parse("redis://[::1]").port()).isEqualTo(6379);
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(RedisUrl.parse("redis://app:secret@h:1")).hasToString("redis://****@h:1");
        assertThat(RedisUrl.parse("redis://h:1")).hasToString("redis://h:1");
    }

    @Test
    void errorsNameTheOptionAndHideTheCredentials() {
        assertThatThrownBy(() -> RedisUrl.parse("http://u:secret@h")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("redis-url must start with redis:// or rediss://").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:se/cr@t@")).hasMessageContaining("must name a host")
                .hasMessageNotContaining("se/cr").hasMessageNotContaining("cr@t");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:secret@h:99999")).hasMessageContaining("port must be 1-65535")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisUrl.parse(" ")).hasMessageContaining("but was empty");
    }

    @Test
    void redactsOneValueWhateverItHoldsSpacesIncluded() {
        assertThat(RedisUrl.redactValue("redis://user:hun ter2@host:6379")).isEqualTo("redis://****@host:6379");
        assertThat(RedisUrl.redactValue("rediss://:p/a@s:s@host")).isEqualTo("rediss://****@host");
        assertThat(RedisUrl.redactValue("shop:hunter2@cache.example:6379")).isEqualTo("****@cache.example:6379");
        assertThat(RedisUrl.redactValue("redis://127.0.0.1:6379/2")).isEqualTo("redis://127.0.0.1:6379/2");
    }
}
