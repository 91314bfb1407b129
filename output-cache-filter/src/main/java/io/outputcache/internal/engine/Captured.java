package io.outputcache.internal.engine;

import io.outputcache.internal.fragment.HoleCapture;
import io.outputcache.internal.http.HeaderMap;

import java.time.Instant;
import java.util.Optional;

/**
 * A response the application rendered whole while the filter held it: what the store pipeline and the writers
 * work from.
 *
 * @param headers      the response's fields after the render (those set in front of the chain included)
 * @param body         the identity body, with markers where holes are when {@code holes} deferred them
 * @param requestTime  when the request arrived (the one clock read of the request)
 * @param responseTime when the response was whole (RFC 9111 §4.2.3's response_time, for the age arithmetic)
 * @param identityUsed what the render used of its user's identity, if anything (a personal page)
 */
record Captured(int status, HeaderMap headers, byte[] body, HoleCapture holes, Instant requestTime,
                Instant responseTime, Optional<String> identityUsed) {
}
