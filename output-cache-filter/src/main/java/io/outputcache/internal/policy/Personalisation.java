package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;

import java.util.Optional;

/**
 * Whether a page is its user's page, decided from what the servlet side observed (docs/security.md, "What counts
 * as personal"). Pure: the filter hands in the facts.
 *
 * <p>Two checks. Before the lookup, a request that arrives already identified (a valid session, or a principal
 * that a filter in front of this one set) bypasses the cache under a rule with {@code bypass-signed-in}: the
 * filter cannot see what a security framework in front of it read, nor what the application reads from that
 * framework's thread-locals. After the render, a page whose render used its user's identity is not stored
 * unless the rule declares its pages {@code same-for-every-user}.
 */
public final class Personalisation {

    /** The {@code Cache-Status} / metrics label of a request bypassed because it arrived signed in. */
    public static final String SIGNED_IN = "signed-in";

    private Personalisation() {
    }

    /**
     * The bypass reason for a request that arrived identified, if the rule bypasses such requests.
     *
     * @param validSession whether the request names a session the container holds
     * @param principal    whether the request already has a user principal
     */
    public static Optional<String> bypass(CacheRule rule, boolean validSession, boolean principal) {
        if (rule.mode() == CacheMode.OUTPUT && rule.sharing().bypassSignedIn() && (validSession || principal)) {
            return Optional.of(SIGNED_IN);
        }
        return Optional.empty();
    }

    /**
     * The decision unchanged, or a {@link Refusal#PERSONAL} refusal when the render used its user's identity on a
     * rule that does not declare its pages the same for every user. HTTP mode leaves this to the origin's
     * {@code Cache-Control} (RFC 9111 §3): the origin there is a cache-aware server, not a careless application.
     *
     * @param identityUsed what the render used of its user ({@code session}, {@code principal}, ...), if anything
     */
    public static StoreDecision screen(StoreDecision decision, CacheRule rule, Optional<String> identityUsed) {
        if (!(decision instanceof StoreDecision.Store) || identityUsed.isEmpty()
                || rule.mode() != CacheMode.OUTPUT || rule.sharing().sameForEveryUser()) {
            return decision;
        }
        return new StoreDecision.Refuse(Refusal.PERSONAL);
    }
}
