package io.outputcache.internal.near;

import java.time.Duration;

/**
 * Whether the invalidation channel can be trusted, decided from what it reports and from this node's own
 * heartbeats (pure: the time is an argument). The near cache may hold copies only while every invalidation
 * since it was last emptied has arrived; anything that suggests one was missed empties it.
 *
 * <p>Evidence, in order of speed: Redisson's unsubscribe (connection lost) and subscribe (a new subscription,
 * with a gap before it) events; a gap in the sequence of this node's heartbeats (a message lost while the
 * subscription looked alive); and silence, no heartbeat of its own for {@code silenceLimit} (a subscription that
 * died without any event, as after some failovers).
 */
final class ChannelHealth {

    /** What the near cache must do after an event. */
    enum Change {
        /** Nothing. */
        NONE,
        /** Empty it and keep it empty: invalidations are not arriving. */
        DOWN,
        /** Empty it and start filling again: invalidations arrive, some may have been missed before. */
        UP
    }

    private final Duration silenceLimit;
    private boolean up;
    private long lastHeardNanos;
    private long lastSeq = -1;

    ChannelHealth(Duration silenceLimit) {
        this.silenceLimit = silenceLimit;
    }

    boolean up() {
        return up;
    }

    /** The subscription was (re)made: whatever came before it may be missing, so start from empty. */
    synchronized Change subscribed(long nowNanos) {
        lastHeardNanos = nowNanos;
        lastSeq = -1;
        up = true;
        return Change.UP;
    }

    synchronized Change unsubscribed() {
        return down();
    }

    /** One of this node's heartbeats arrived; {@code seq} counts them from 0 on the sender. */
    synchronized Change ownHeartbeat(long seq, long nowNanos) {
        lastHeardNanos = nowNanos;
        if (seq <= lastSeq) {
            return Change.NONE; // a late duplicate: says nothing new
        }
        boolean gap = lastSeq >= 0 && seq != lastSeq + 1;
        lastSeq = seq;
        if (!up || gap) {
            // A heartbeat proves that the subscription delivers now; a gap proves it lost something before.
            up = true;
            return Change.UP;
        }
        return Change.NONE;
    }

    /** A heartbeat this node could not publish: its sequence number will be missing, so expect the gap now. */
    synchronized Change publishFailed() {
        return down();
    }

    /** Called on every heartbeat tick: silence for longer than the limit means the channel is gone. */
    synchronized Change tick(long nowNanos) {
        if (up && nowNanos - lastHeardNanos > silenceLimit.toNanos()) {
            return down();
        }
        return Change.NONE;
    }

    private Change down() {
        if (!up) {
            return Change.NONE;
        }
        up = false;
        return Change.DOWN;
    }
}
