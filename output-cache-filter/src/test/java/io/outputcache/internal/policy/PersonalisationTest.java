package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The personal-page decisions, one rule per test. */
class PersonalisationTest {
    private static final StoreDecision STORE = new StoreDecision.Store(Duration.ofMinutes(5), Duration.ZERO,
            Duration.ofMinutes(5), 0);
    private static final CacheRule RULE = CacheRule.builder("pages").include("/**").build();

    @Test
    void aRenderThatUsedTheSessionIsRefusedAsPersonal() {
        assertThat(Personalisation.screen(STORE, RULE, Optional.of("session")))
                .isEqualTo(new StoreDecision.Refuse(Refusal.PERSONAL));
        assertThat(Refusal.PERSONAL.label()).isEqualTo("personal");
    }

    @Test
    void aRenderThatUsedNothingIsStored() {
        assertThat(Personalisation.screen(STORE, RULE, Optional.empty())).isSameAs(STORE);
    }

    @Test
    void sameForEveryUserStoresWhatTheRenderRead() {
        CacheRule same = RULE.toBuilder().sameForEveryUser(true).build();
        assertThat(Personalisation.screen(STORE, same, Optional.of("principal"))).isSameAs(STORE);
    }

    @Test
    void anEarlierRefusalIsKept() {
        StoreDecision refused = new StoreDecision.Refuse(Refusal.LEAK_GUARD, "leak-guard-principal");
        assertThat(Personalisation.screen(refused, RULE, Optional.of("principal"))).isSameAs(refused);
    }

    @Test
    void httpModeLeavesItToTheOrigin() {
        CacheRule http = CacheRule.builder("h").include("/**").mode(CacheMode.HTTP).build();
        assertThat(Personalisation.screen(STORE, http, Optional.of("session"))).isSameAs(STORE);
        assertThat(Personalisation.bypass(http, true, true)).isEmpty();
    }

    @Test
    void aRequestWithAValidSessionOrAPrincipalBypassesByDefault() {
        assertThat(Personalisation.bypass(RULE, true, false)).contains("signed-in");
        assertThat(Personalisation.bypass(RULE, false, true)).contains("signed-in");
        assertThat(Personalisation.bypass(RULE, false, false)).isEmpty();
    }

    @Test
    void theBypassCanBeTurnedOffAndIsOffForSameForEveryUser() {
        assertThat(Personalisation.bypass(RULE.toBuilder().bypassSignedIn(false).build(), true, true)).isEmpty();
        CacheRule same = CacheRule.builder("s").include("/**").sameForEveryUser(true).build();
        assertThat(same.sharing().bypassSignedIn()).isFalse();
        assertThat(Personalisation.bypass(same, true, true)).isEmpty();
        CacheRule both = CacheRule.builder("b").include("/**").sameForEveryUser(true).bypassSignedIn(true).build();
        assertThat(Personalisation.bypass(both, true, false)).contains("signed-in");
    }
}
