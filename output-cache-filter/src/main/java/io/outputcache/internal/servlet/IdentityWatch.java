package io.outputcache.internal.servlet;

import io.outputcache.internal.fragment.FragmentFrames;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The request as the application renders a page to store, recording whether the render learnt who its user
 * is: an attribute or the id of an existing session read ({@link WatchedSession}), a principal, a remote user, a
 * role of a signed-in user, {@code authenticate}, or a requested session id. A page that did is that user's page
 * and is not stored (docs/security.md, "What counts as personal"). An empty answer (no principal, no session id:
 * an anonymous request) does not count, nor does creating a new session: it holds nothing yet, and its
 * {@code Set-Cookie} refuses the page anyway. Work inside {@link #unwatched} (a hole, filled per request) does
 * not count either. A use also marks every open fragment render unshareable, so a cached fragment whose render
 * read the user is used once and not stored.
 */
public final class IdentityWatch extends HttpServletRequestWrapper {
    /** Depth of per-request work (holes) on this thread: uses there do not make the page personal. */
    private static final ThreadLocal<int[]> UNWATCHED = ThreadLocal.withInitial(() -> new int[1]);

    private volatile String used;

    public IdentityWatch(HttpServletRequest request) {
        super(request);
    }

    /** What the render first used of its user ({@code session}, {@code principal}, ...), if anything. */
    public Optional<String> used() {
        return Optional.ofNullable(used);
    }

    /**
     * Runs per-request work, such as filling a hole, whose reads of the user do not make the enclosing page or
     * fragment personal: its output is never stored.
     */
    public static <T> T unwatched(Supplier<T> work) {
        int[] depth = UNWATCHED.get();
        depth[0]++;
        try {
            return work.get();
        } finally {
            if (--depth[0] == 0) {
                UNWATCHED.remove();
            }
        }
    }

    /** Whether the request names a session the container holds (false where there is no session support). */
    public static boolean validSession(HttpServletRequest request) {
        try {
            return request.getRequestedSessionId() != null && request.isRequestedSessionIdValid();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether the request already carries a user principal, e.g. set by a security filter in front. */
    public static boolean hasPrincipal(HttpServletRequest request) {
        return request.getUserPrincipal() != null;
    }

    private void use(String what) {
        if (UNWATCHED.get()[0] > 0) {
            return;
        }
        UNWATCHED.remove();
        if (used == null) {
            used = what;
        }
        FragmentFrames.allPersonal();
    }

    @Override
    public HttpSession getSession(boolean create) {
        HttpSession existing = super.getSession(false);
        if (existing != null) {
            return new WatchedSession(existing, () -> use("session"));
        }
        return create ? super.getSession(true) : null;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public Principal getUserPrincipal() {
        return used("principal", super.getUserPrincipal());
    }

    @Override
    public String getRemoteUser() {
        return used("remote-user", super.getRemoteUser());
    }

    @Override
    public boolean isUserInRole(String role) {
        boolean in = super.isUserInRole(role);
        if (in || super.getUserPrincipal() != null) {
            use("role"); // a signed-in user's "no" tailors the page as much as a "yes"
        }
        return in;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
        use("authenticate");
        return super.authenticate(response);
    }

    @Override
    public String getRequestedSessionId() {
        return used("session-id", super.getRequestedSessionId());
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        boolean valid = super.isRequestedSessionIdValid();
        if (valid) {
            use("session-id");
        }
        return valid;
    }

    /** An answer that identifies someone counts; an empty one (anonymous) tells the page nothing personal. */
    private <T> T used(String what, T answer) {
        if (answer != null) {
            use(what);
        }
        return answer;
    }
}
