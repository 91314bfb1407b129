package io.outputcache.store;

import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartupCheckTest {

    @Test
    void aWrongPasswordUnderAConnectionErrorIsTheCredentials() {
        Throwable e = new RedisConnectionException("Unable to connect to Redis server: /127.0.0.1:6379",
                new RedisException("WRONGPASS invalid username-password pair or user is disabled."));
        assertThat(StartupCheck.classify(e)).isEqualTo(StartupCheck.Cause.CREDENTIALS);
        assertThat(StartupCheck.classify(new RedisException("NOAUTH Authentication required.")))
                .isEqualTo(StartupCheck.Cause.CREDENTIALS);
    }

    @Test
    void aFailedHandshakeIsTheCertificate() {
        Throwable e = new RedisConnectionException("Unable to connect to Redis server",
                new SSLHandshakeException("PKIX path building failed"));
        assertThat(StartupCheck.classify(e)).isEqualTo(StartupCheck.Cause.CERTIFICATE);
    }

    @Test
    void aRefusedConnectionIsUnreachable() {
        assertThat(StartupCheck.classify(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused")))).isEqualTo(StartupCheck.Cause.UNREACHABLE);
    }

    @Test
    void aTimeoutIsSlowAndAskedAgain() {
        assertThat(StartupCheck.classify(new RedisTimeoutException("Command execution timeout")))
                .isEqualTo(StartupCheck.Cause.SLOW);
    }

    @Test
    void aFailingResolverIsNamed() {
        Throwable e = new RedisConnectionException("Unable to connect", new IllegalStateException(
                "redis-credentials-resolver com.example.Vault failed: java.io.IOException: vault down"));
        assertThat(StartupCheck.classify(e)).isEqualTo(StartupCheck.Cause.RESOLVER);
    }

    @Test
    void anythingElseIsOther() {
        assertThat(StartupCheck.classify(new IllegalStateException("boom"))).isEqualTo(StartupCheck.Cause.OTHER);
    }

    @Test
    void commandArgumentsAndKnownSecretsAreRedacted() {
        assertThat(StartupCheck.redact("timeout for command: (AUTH), params: (app, hunter2) on s3cret-key",
                List.of("s3cret-key", ""))).isEqualTo("timeout for params: (****), params: (****) on ****");
    }
}
