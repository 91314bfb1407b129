package io.outputcache.internal.flight;

import java.util.OptionalLong;

/** Render, holding this node's flight and the cross-node render lease: every other render of the key waits. */
public final class Lead extends RenderTurn {
    Lead(Landing landing, OptionalLong renderEpoch) {
        super(landing, renderEpoch);
    }
}
