package io.outputcache.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code Surrogate-Control} (W3C Edge Architecture Specification 1.0): directives an origin addresses to the
 * caches in front of it (surrogates), which take priority over {@code Cache-Control} for them. The filter in HTTP
 * mode is such a surrogate: it announces itself with {@code Surrogate-Capability: outputcache="Surrogate/1.0"} on
 * the requests it forwards, and obeys directives without a target or targeted at {@value #DEVICE_TOKEN}
 * ({@code max-age=60;outputcache}); directives targeted at another device are ignored.
 */
public final class SurrogateControl {
    /** The device token this cache answers to. */
    public static final String DEVICE_TOKEN = "outputcache";
    /** The request field announcing the capability (Edge Architecture §2.1). */
    public static final String CAPABILITY_FIELD = "Surrogate-Capability";
    public static final String CAPABILITY_VALUE = DEVICE_TOKEN + "=\"Surrogate/1.0\"";

    private SurrogateControl() {
    }

    /**
     * The directives meant for this cache, as {@link CacheControl}; empty when the response has no
     * {@code Surrogate-Control} or none of its directives is meant for this cache (then {@code Cache-Control} rules).
     */
    public static Optional<CacheControl> forThisCache(HeaderMap headers) {
        Optional<String> value = headers.joined("surrogate-control");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        List<String> mine = new ArrayList<>();
        for (String member : value.get().split(",")) {
            String m = member.trim();
            int semicolon = m.indexOf(';');
            if (semicolon >= 0) {
                String target = m.substring(semicolon + 1).trim().toLowerCase(Locale.ROOT);
                if (!target.equals(DEVICE_TOKEN)) {
                    continue;
                }
                m = m.substring(0, semicolon).trim();
            }
            if (!m.isEmpty()) {
                mine.add(m);
            }
        }
        return mine.isEmpty() ? Optional.empty() : Optional.of(CacheControl.parse(String.join(", ", mine)));
    }
}
