package io.outputcache.store;

import io.outputcache.config.RedisCredentials;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsRenewalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void anHourTokenIsRenewedAfterFortyFiveMinutes() {
        RedisCredentials token = RedisCredentials.expiring("oid", "t", T0.plus(Duration.ofHours(1)));
        assertThat(CredentialsRenewal.renewAt(token, T0)).contains(T0.plus(Duration.ofMinutes(45)));
    }

    @Test
    void aPasswordWithoutExpiryIsNeverRenewedOnASchedule() {
        assertThat(CredentialsRenewal.renewAt(RedisCredentials.of("u", "p"), T0)).isEmpty();
    }

    @Test
    void anAlmostExpiredTokenIsRenewedNoSoonerThanOneSecond() {
        RedisCredentials token = RedisCredentials.expiring("oid", "t", T0.plusMillis(400));
        assertThat(CredentialsRenewal.renewAt(token, T0)).contains(T0.plusSeconds(1));
        RedisCredentials expired = RedisCredentials.expiring("oid", "t", T0.minusSeconds(5));
        assertThat(CredentialsRenewal.renewAt(expired, T0)).contains(T0.plusSeconds(1));
    }

    @Test
    void aFailedRenewalIsRetriedWithinAQuarterOfWhatIsLeftBetweenOneAndThirtySeconds() {
        assertThat(CredentialsRenewal.retryAt(Optional.of(T0.plus(Duration.ofMinutes(15))), T0))
                .isEqualTo(T0.plusSeconds(30));
        assertThat(CredentialsRenewal.retryAt(Optional.of(T0.plusSeconds(20)), T0)).isEqualTo(T0.plusSeconds(5));
        assertThat(CredentialsRenewal.retryAt(Optional.of(T0.plusSeconds(2)), T0)).isEqualTo(T0.plusSeconds(1));
        assertThat(CredentialsRenewal.retryAt(Optional.empty(), T0)).isEqualTo(T0.plusSeconds(7).plusMillis(500));
    }

    @Test
    void heldCredentialsServeNewConnectionsOnlyWhileTheyHaveAnExpiryAhead() {
        RedisCredentials token = RedisCredentials.expiring("oid", "t", T0.plusSeconds(60));
        assertThat(CredentialsRenewal.reusable(token, T0)).isTrue();
        assertThat(CredentialsRenewal.reusable(token, T0.plusSeconds(60))).isFalse();
        // A rotated password reaches the next connection: credentials without an expiry are asked for each time.
        assertThat(CredentialsRenewal.reusable(RedisCredentials.of("u", "p"), T0)).isFalse();
    }
}
