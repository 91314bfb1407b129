package io.outputcache.config;

import io.outputcache.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The credentials resolver and the TLS trust options of {@link RedisSettings}: each rule, one test. */
class RedisSecuritySettingsTest {
    private static final RedisCredentialsResolver RESOLVER = () -> RedisCredentials.of("app", "rotating-secret");
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create();
    }

    private static RedisSettings.Builder tls() {
        return RedisSettings.builder().urls(List.of("rediss://cache.example:10000"));
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        RedisCredentials c = RedisCredentials.expiring("oid-1", "ey.token.value", Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(c.toString()).isEqualTo("RedisCredentials[username=oid-1, password=****,"
                + " expiresAt=2030-01-01T00:00:00Z]").doesNotContain("ey.token");
        assertThat(RedisCredentials.of(null, "k").toString()).isEqualTo("RedisCredentials[username=(default), password=****]");
    }

    @Test
    void credentialsNeedAPassword() {
        assertThatThrownBy(() -> RedisCredentials.of("app", "")).hasMessageContaining("need a password");
        assertThatThrownBy(() -> RedisCredentials.of("", "x")).hasMessageContaining("username must not be empty");
    }

    @Test
    void resolverIsNamedInToStringByItsClassOnly() {
        RedisSettings s = RedisSettings.builder().credentialsResolver(RESOLVER).build();
        assertThat(s.credentialsResolver()).contains(RESOLVER);
        assertThat(s.toString()).contains("redis-credentials-resolver=" + RESOLVER.getClass().getName())
                .doesNotContain("rotating-secret");
    }

    @Test
    void credentialsResolver_twice() {
        assertThatThrownBy(() -> RedisSettings.builder().credentialsResolver(RESOLVER).credentialsResolver(RESOLVER))
                .hasMessageStartingWith("redis-credentials-resolver was already set to ");
    }

    @Test
    void resolverExcludesAFixedPassword() {
        assertThatThrownBy(() -> RedisSettings.builder().password("p").credentialsResolver(RESOLVER).build())
                .hasMessageContaining("redis-credentials-resolver gives the credentials");
        assertThatThrownBy(() -> RedisSettings.builder().urls(List.of("redis://u:p@h:1")).credentialsResolver(RESOLVER)
                .build()).hasMessageContaining("do not set redis-username or redis-password");
    }

    @Test
    void resolverAndTrustDoNotCombineWithARedissonFile() {
        assertThatThrownBy(() -> RedisSettings.builder().redissonConfig(Path.of("r.yaml")).credentialsResolver(RESOLVER)
                .build()).hasMessageContaining("redisson-config replaces the redis-* settings");
        assertThatThrownBy(() -> tls().redissonConfig(Path.of("r.yaml")).caPem(certs.caCertPem()).build())
                .hasMessageContaining("redisson-config replaces the redis-* settings");
    }

    @Test
    void verificationIsStrictByDefault() {
        assertThat(RedisSettings.builder().build().tls()).isEqualTo(TlsTrust.DEFAULT);
        assertThat(TlsTrust.DEFAULT.verification()).isEqualTo(TlsTrust.Verification.STRICT);
        assertThat(TlsTrust.DEFAULT.trustManagerFactory()).isEmpty();
    }

    @Test
    void trustStoreIsReadAtBuildAndItsPasswordNeverShown() {
        RedisSettings s = tls().trustStore(certs.trustStore()).trustStorePassword(TestCertificates.STORE_PASSWORD).build();
        assertThat(s.tls().trustManagerFactory()).isPresent();
        assertThat(s.toString()).contains("redis-trust-store=" + certs.trustStore(), "redis-trust-store-password=****",
                "redis-tls-verification=strict").doesNotContain(TestCertificates.STORE_PASSWORD);
    }

    @Test
    void aWrongTrustStorePasswordFailsAtBuildNamingTheOption() {
        assertThatThrownBy(() -> tls().trustStore(certs.trustStore()).trustStorePassword("wrong-one").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("redis-trust-store " + certs.trustStore())
                .hasMessageContaining("redis-trust-store-password")
                .hasMessageNotContaining("wrong-one");
    }

    @Test
    void aPemFileOfCasIsTrusted() {
        RedisSettings s = tls().caPem(certs.caCertPem()).tlsVerification(TlsTrust.Verification.CA_ONLY).build();
        assertThat(s.tls().trustManagerFactory()).isPresent();
        assertThat(s.toString()).contains("redis-ca-pem=" + certs.caCertPem(), "redis-tls-verification=ca-only");
    }

    @Test
    void aPemFileWithoutCertificatesFails() throws Exception {
        Path notPem = Files.writeString(Files.createTempFile("not", ".pem"), "hello");
        assertThatThrownBy(() -> tls().caPem(notPem).build()).hasMessageContaining("redis-ca-pem " + notPem);
    }

    @Test
    void trustFilesMustExist() {
        assertThatThrownBy(() -> RedisSettings.builder().trustStore(Path.of("/no/such/trust.p12")))
                .hasMessage("redis-trust-store must be a readable file but was /no/such/trust.p12");
        assertThatThrownBy(() -> RedisSettings.builder().caPem(Path.of("/no/such/ca.pem")))
                .hasMessage("redis-ca-pem must be a readable file but was /no/such/ca.pem");
    }

    @Test
    void trustStoreAndPemAreOneOrTheOther() {
        assertThatThrownBy(() -> tls().trustStore(certs.trustStore()).caPem(certs.caCertPem()).build())
                .hasMessage("set redis-trust-store or redis-ca-pem, not both");
    }

    @Test
    void aTrustStorePasswordNeedsATrustStore() {
        assertThatThrownBy(() -> tls().trustStorePassword("x").build())
                .hasMessage("redis-trust-store-password is set but redis-trust-store is not");
    }

    @Test
    void trustOptionsNeedTls() {
        assertThatThrownBy(() -> RedisSettings.builder().caPem(certs.caCertPem()).build())
                .hasMessageContaining("apply to rediss:// only");
        assertThatThrownBy(() -> RedisSettings.builder().tlsVerification(TlsTrust.Verification.CA_ONLY).build())
                .hasMessageContaining("apply to rediss:// only");
    }

    @Test
    void tlsVerification_twice() {
        assertThatThrownBy(() -> tls().tlsVerification(TlsTrust.Verification.CA_ONLY)
                .tlsVerification(TlsTrust.Verification.STRICT)).hasMessage("redis-tls-verification was already set to ca-only");
    }

    @Test
    void trustStorePassword_twiceIsRedacted() {
        assertThatThrownBy(() -> tls().trustStorePassword("a").trustStorePassword("b"))
                .hasMessage("redis-trust-store-password was already set (shown as ****)");
    }

    @Test
    void theFilterBuilderHandsTheRedisOptionsToTheirBuilder() {
        io.outputcache.OutputCacheConfig c = io.outputcache.OutputCacheConfig.builder()
                .rule(io.outputcache.CacheRule.builder("all").include("/**").build())
                .redisUrl("rediss://cache.example:10000").redis(r -> r.caPem(certs.caCertPem()).credentialsResolver(RESOLVER))
                .build();
        assertThat(c.redis().tls().caPem()).contains(certs.caCertPem());
        assertThat(c.redis().credentialsResolver()).contains(RESOLVER);
        assertThat(c.toString()).doesNotContain("rotating-secret");
        assertThatThrownBy(() -> io.outputcache.OutputCacheConfig.builder().redis(null))
                .hasMessage("redis must not be null");
    }

    @Test
    void theTrustRecordChecksItselfWhenMadeDirectly() {
        assertThatThrownBy(() -> new TlsTrust(Optional.empty(), Optional.of("x"), Optional.empty(),
                TlsTrust.Verification.STRICT)).hasMessageContaining("redis-trust-store is not");
    }
}
