package io.outputcache.internal.fragment;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The fragment renders in progress on this thread, innermost last. A render of a cacheable fragment is
 * synchronous on the rendering thread, so a thread-local stack is exact, also for nested fragments. Holes met
 * while a frame is open become markers (the fragment is shared), and a hole that cannot be deferred makes the
 * frame unshareable.
 */
public final class FragmentFrames {
    private static final ThreadLocal<Deque<Frame>> FRAMES = ThreadLocal.withInitial(ArrayDeque::new);

    private FragmentFrames() {
    }

    /** One fragment render. */
    public static final class Frame {
        private final String name;
        private boolean shareable = true;
        private boolean personal;

        Frame(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public boolean shareable() {
            return shareable;
        }

        /** Whether the render used its user's identity (then it is also unshareable). */
        public boolean personal() {
            return personal;
        }

        /** The render put something per-request into the output: use it once, store nothing. */
        public void unshareable() {
            shareable = false;
        }
    }

    static Frame push(String name) {
        Frame frame = new Frame(name);
        FRAMES.get().addLast(frame);
        return frame;
    }

    static void pop(Frame frame) {
        Deque<Frame> frames = FRAMES.get();
        frames.removeLastOccurrence(frame);
        if (frames.isEmpty()) {
            FRAMES.remove();
        }
    }

    /** The innermost fragment render on this thread, or {@code null}. */
    public static Frame current() {
        Deque<Frame> frames = FRAMES.get();
        Frame frame = frames.peekLast();
        if (frame == null) {
            FRAMES.remove();
        }
        return frame;
    }

    /** Marks every open frame personal: the render asked who its user is, and the answer may be in all of them. */
    public static void allPersonal() {
        FRAMES.get().forEach(f -> {
            f.personal = true;
            f.shareable = false;
        });
    }

    /** Marks every open frame unshareable: per-request content ends up in all of them. */
    public static void allUnshareable() {
        FRAMES.get().forEach(Frame::unshareable);
    }
}
