package io.outputcache.internal.webxml;

import io.outputcache.OutputCacheConfig;
import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.config.RedisCredentials;
import io.outputcache.config.RedisCredentialsResolver;
import io.outputcache.config.TlsTrust;
import io.outputcache.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis credentials and TLS init-params: what they set, and how a wrong value fails at start-up. */
class RedisSecurityOptionsTest {

    /** A resolver as an application would name it in web.xml. */
    public static final class FromEnvironment implements RedisCredentialsResolver {
        @Override
        public RedisCredentials resolve() {
            return RedisCredentials.of("app", "from-the-vault");
        }
    }

    /** No public no-argument constructor. */
    public static final class NeedsArguments implements RedisCredentialsResolver {
        public NeedsArguments(String vault) {
        }

        @Override
        public RedisCredentials resolve() {
            return RedisCredentials.of("app", "x");
        }
    }

    public static final class Fails implements RedisCredentialsResolver {
        public Fails() {
            throw new IllegalStateException("no vault configured");
        }

        @Override
        public RedisCredentials resolve() {
            return RedisCredentials.of("app", "x");
        }
    }

    private static OutputCacheConfig parse(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rules", "all");
        m.put("rule.all.include", "/**");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return InitParameters.parse(m, name -> null).build();
    }

    @Test
    void aResolverClassIsMadeWithItsNoArgumentConstructor() {
        OutputCacheConfig c = parse("redis-credentials-resolver", FromEnvironment.class.getName());
        assertThat(c.redis().credentialsResolver()).get().isInstanceOf(FromEnvironment.class);
    }

    @Test
    void aMissingResolverClassFailsNamingTheParameter() {
        assertThatThrownBy(() -> parse("redis-credentials-resolver", "com.example.NoSuchResolver"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("init-param 'redis-credentials-resolver': class com.example.NoSuchResolver"
                        + " was not found");
    }

    @Test
    void aClassOfTheWrongTypeFailsNamingTheInterface() {
        assertThatThrownBy(() -> parse("redis-credentials-resolver", "java.lang.String"))
                .hasMessage("init-param 'redis-credentials-resolver': class java.lang.String does not implement "
                        + RedisCredentialsResolver.class.getName());
    }

    @Test
    void aClassWithoutANoArgumentConstructorFails() {
        assertThatThrownBy(() -> parse("redis-credentials-resolver", NeedsArguments.class.getName()))
                .hasMessageContaining("init-param 'redis-credentials-resolver'")
                .hasMessageContaining("needs a public constructor without arguments");
    }

    @Test
    void aConstructorThatThrowsFailsWithItsReason() {
        assertThatThrownBy(() -> parse("redis-credentials-resolver", Fails.class.getName()))
                .hasMessageContaining("init-param 'redis-credentials-resolver': the constructor of")
                .hasMessageContaining("no vault configured");
    }

    @Test
    void anInterfaceIsNotAClassToMake() {
        assertThatThrownBy(() -> parse("redis-credentials-resolver", RedisCredentialsResolver.class.getName()))
                .hasMessageContaining("is abstract");
    }

    @Test
    void trustStoreOptions() {
        TestCertificates certs = TestCertificates.create();
        OutputCacheConfig c = parse("redis-url", "rediss://cache.example:10000",
                "redis-trust-store", certs.trustStore().toString(),
                "redis-trust-store-password", TestCertificates.STORE_PASSWORD,
                "redis-tls-verification", "ca-only");
        assertThat(c.redis().tls().trustStore()).contains(certs.trustStore());
        assertThat(c.redis().tls().verification()).isEqualTo(TlsTrust.Verification.CA_ONLY);
        assertThat(c.toString()).doesNotContain(TestCertificates.STORE_PASSWORD);
        OutputCacheConfig pem = parse("redis-url", "rediss://cache.example:10000",
                "redis-ca-pem", certs.caCertPem().toString());
        assertThat(pem.redis().tls().caPem()).contains(certs.caCertPem());
    }

    @Test
    void anUnknownVerificationModeFailsListingTheModes() {
        assertThatThrownBy(() -> parse("redis-url", "rediss://h:1", "redis-tls-verification", "none"))
                .hasMessage("init-param 'redis-tls-verification': redis-tls-verification must be one of"
                        + " [strict, ca-only] but was 'none'");
    }

    @Test
    void aMissingTrustStoreFileFailsNamingTheParameter() {
        assertThatThrownBy(() -> parse("redis-url", "rediss://h:1", "redis-trust-store", "/no/such.p12"))
                .hasMessage("init-param 'redis-trust-store': redis-trust-store must be a readable file but was /no/such.p12");
    }
}
