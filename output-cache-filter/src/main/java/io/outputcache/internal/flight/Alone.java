package io.outputcache.internal.flight;

import java.util.OptionalLong;

/**
 * Render without the cross-node lease: the store did not answer (it is down, or this request spent its store
 * budget), the lease is still held by this node's previous render of the key while its release is on the way,
 * or this node's own render of the key did not share a page in time. Followers on this node still get the page
 * when this render leads the local flight.
 */
public final class Alone extends RenderTurn {
    Alone(Landing landing, OptionalLong renderEpoch) {
        super(landing, renderEpoch);
    }
}
