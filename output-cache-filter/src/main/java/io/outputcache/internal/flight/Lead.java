package io.outputcache.internal.flight;

/** Render, holding this node's flight and the cross-node render lease: every other render of the key waits. */
public final class Lead extends RenderTurn {
    Lead(Landing landing) {
        super(landing);
    }
}
