package io.outputcache.internal.policy;

/** Why a response was not stored; the label appears in {@code Cache-Status} details (debug) and metrics. */
public enum Refusal {
    METHOD("method"),
    AUTHORIZATION("authorization"),
    TOO_LARGE("too-large"),
    ERROR_SENT("send-error"),
    OPTED_OUT("opted-out"),
    ASYNC("async"),
    STATUS("status"),
    SET_COOKIE("set-cookie"),
    PRIVATE("private"),
    NO_STORE("no-store"),
    NO_CACHE("no-cache"),
    VARY_STAR("vary-star"),
    VARY_NOT_KEYED("vary-not-keyed"),
    CONTENT_ENCODED("content-encoded"),
    PARTIAL_CONTENT("partial-content"),
    NOT_FRESH("not-fresh"),
    NOT_CACHEABLE("no-explicit-freshness"),
    TYPE_MISMATCH("type-mismatch"),
    LEAK_GUARD("leak-guard"),
    /** The render used its user's identity (session, principal, roles): docs/security.md. */
    PERSONAL("personal"),
    /** {@code Set-Cookie2} (RFC 2965, obsolete): always a per-user response. */
    SET_COOKIE2("set-cookie2");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
