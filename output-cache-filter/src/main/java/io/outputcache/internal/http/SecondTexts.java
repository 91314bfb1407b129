package io.outputcache.internal.http;

import java.util.function.LongFunction;

/**
 * The field-value texts of a count of seconds ({@code Age}, a hit's {@code Cache-Status} ttl), each built once for
 * the first {@value #SECONDS} seconds: a hot page is hit many times within each second. Longer counts are built
 * each time. A race builds the same text twice.
 */
public final class SecondTexts {
    static final int SECONDS = 4096;

    private final LongFunction<String> text;
    private final String[] texts = new String[SECONDS];

    /** @param text pure: the same count always gives the same text */
    public SecondTexts(LongFunction<String> text) {
        this.text = text;
    }

    /** The text of {@code seconds}. */
    public String of(long seconds) {
        if (seconds < 0 || seconds >= SECONDS) {
            return text.apply(seconds);
        }
        String made = texts[(int) seconds];
        if (made == null) {
            made = text.apply(seconds);
            texts[(int) seconds] = made;
        }
        return made;
    }
}
