package io.outputcache.internal.policy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The page defences as they apply to a cached fragment (docs/fragments.md, "What is never shared"). Pure: the
 * servlet side hands in what it observed.
 */
public final class FragmentPolicy {
    /** The path parameter of URL rewriting (Servlet spec §7.1.3): a session id in a link. */
    private static final byte[] URL_SESSION = ";jsessionid=".getBytes(StandardCharsets.US_ASCII);

    private FragmentPolicy() {
    }

    /**
     * Why a request's fragments must be neither read nor stored, if so: credentials (a page answered to them is
     * usually that user's, in output and HTTP mode alike, since a fragment has no Cache-Control of its own to
     * say otherwise), a page the filter bypassed (whatever kept the page out keeps its parts out), or a request
     * that arrived signed in (what it renders may come from a security context the filter cannot watch).
     */
    public static Optional<String> request(boolean authorization, boolean pageBypassed, boolean signedIn) {
        if (authorization) {
            return Optional.of(Refusal.AUTHORIZATION.label());
        }
        if (pageBypassed) {
            return Optional.of("page-bypassed");
        }
        if (signedIn) {
            return Optional.of(Personalisation.SIGNED_IN);
        }
        return Optional.empty();
    }

    /** Whether a body holds a URL-rewritten session id ({@code ;jsessionid=}, any case). */
    public static boolean hasUrlSessionId(byte[] body) {
        outer:
        for (int i = 0; i + URL_SESSION.length <= body.length; i++) {
            for (int j = 0; j < URL_SESSION.length; j++) {
                byte b = body[i + j];
                if (b >= 'A' && b <= 'Z') {
                    b = (byte) (b + 32);
                }
                if (b != URL_SESSION[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The label of a fragment refusal in the refusal counts: {@code fragment-<reason>}. */
    public static String countedAs(String reason) {
        return "fragment-" + reason.toLowerCase(Locale.ROOT);
    }
}
