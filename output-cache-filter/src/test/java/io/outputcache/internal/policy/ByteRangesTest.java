package io.outputcache.internal.policy;

import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.policy.ByteRanges.Partial;
import io.outputcache.internal.policy.ByteRanges.Representation;
import io.outputcache.internal.policy.ByteRanges.Unsatisfiable;
import io.outputcache.internal.policy.ByteRanges.Whole;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Range requests answered from a stored complete 200 (RFC 9110 §14, §13.1.5), one rule per test. */
class ByteRangesTest {
    private static final String DATE = "Thu, 26 Nov 2026 10:00:00 GMT";
    private static final String MODIFIED = "Thu, 26 Nov 2026 09:00:00 GMT";
    /** Eleven bytes, a strong ETag, a Last-Modified an hour before Date. */
    private static final Representation STORED = new Representation(200, 11, "\"v1\"", Optional.of(MODIFIED),
            Optional.of(DATE));

    private static ByteRanges.Outcome get(String... requestHeaders) {
        return ByteRanges.decide("GET", HeaderMap.of(requestHeaders), STORED);
    }

    @Test
    void withoutRangeTheWholeResponseIsSent() {
        assertThat(get()).isEqualTo(new Whole("no-range"));
    }

    @Test
    void aByteRangeSpecIsServedAs206() {
        Partial p = (Partial) get("Range", "bytes=0-1");
        assertThat(p).isEqualTo(new Partial(0, 1, 11));
        assertThat(p.contentRange()).isEqualTo("bytes 0-1/11");
        assertThat(p.size()).isEqualTo(2);
    }

    @Test
    void anAbsentLastPositionRunsToTheEnd() {
        assertThat(get("Range", "bytes=1-")).isEqualTo(new Partial(1, 10, 11));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertThat(get("Range", "bytes=-1")).isEqualTo(new Partial(10, 10, 11));
        assertThat(get("Range", "bytes=-50")).as("longer than the representation: all of it")
                .isEqualTo(new Partial(0, 10, 11));
    }

    @Test
    void aLastPositionPastTheEndIsClamped() {
        assertThat(get("Range", "bytes=5-999999999999999999999")).isEqualTo(new Partial(5, 10, 11));
    }

    @Test
    void theUnitIsCaseInsensitiveAndWhiteSpaceIsAllowed() {
        assertThat(get("Range", "Bytes = 2-3 ")).isEqualTo(new Partial(2, 3, 11));
    }

    @Test
    void aRangeStartingPastTheEndIs416() {
        ByteRanges.Outcome o = get("Range", "bytes=11-20");
        assertThat(o).isEqualTo(new Unsatisfiable(11));
        assertThat(((Unsatisfiable) o).contentRange()).isEqualTo("bytes */11");
        assertThat(get("Range", "bytes=-0")).as("a zero suffix").isEqualTo(new Unsatisfiable(11));
    }

    @Test
    void severalSatisfiableRangesGetTheWholeResponse() {
        assertThat(get("Range", "bytes=0-1, 5-6")).isEqualTo(new Whole("multiple-ranges"));
    }

    @Test
    void aSetWithOneSatisfiableRangeGetsThatRange() {
        assertThat(get("Range", "bytes=50-60, 3-4")).isEqualTo(new Partial(3, 4, 11));
    }

    @Test
    void anInvalidRangeIsIgnored() {
        for (String invalid : new String[] {"bytes=5-2", "bytes=a-b", "bytes=", "bytes=1", "bytes", "bytes=-x"}) {
            assertThat(get("Range", invalid)).as(invalid).isEqualTo(new Whole("invalid"));
        }
        assertThat(get("Range", "bytes=0-1", "Range", "bytes=2-3")).isEqualTo(new Whole("invalid"));
    }

    @Test
    void anUnknownUnitIsIgnored() {
        assertThat(get("Range", "items=0-1")).isEqualTo(new Whole("unit"));
    }

    @Test
    void onlyGetIsServedPartially() {
        assertThat(ByteRanges.decide("HEAD", HeaderMap.of("Range", "bytes=0-1"), STORED)).isEqualTo(new Whole("method"));
    }

    @Test
    void onlyA200IsCut() {
        Representation notFound = new Representation(404, 11, "", Optional.empty(), Optional.empty());
        assertThat(ByteRanges.decide("GET", HeaderMap.of("Range", "bytes=0-1"), notFound)).isEqualTo(new Whole("status"));
    }

    @Test
    void anEmptyRepresentationIsSentWhole() {
        Representation empty = new Representation(200, 0, "", Optional.empty(), Optional.empty());
        assertThat(ByteRanges.decide("GET", HeaderMap.of("Range", "bytes=-5"), empty)).isEqualTo(new Whole("empty"));
    }

    @Test
    void ifRangeWithTheStoredStrongEtagServesTheRange() {
        assertThat(get("Range", "bytes=0-1", "If-Range", "\"v1\"")).isEqualTo(new Partial(0, 1, 11));
    }

    @Test
    void ifRangeWithAnotherOrAWeakEtagSendsTheWholeResponse() {
        assertThat(get("Range", "bytes=0-1", "If-Range", "\"v2\"")).isEqualTo(new Whole("if-range"));
        assertThat(get("Range", "bytes=0-1", "If-Range", "W/\"v1\"")).isEqualTo(new Whole("if-range"));
        Representation weak = new Representation(200, 11, "W/\"v1\"", Optional.empty(), Optional.empty());
        assertThat(ByteRanges.decide("GET", HeaderMap.of("Range", "bytes=0-1", "If-Range", "W/\"v1\""), weak))
                .isEqualTo(new Whole("if-range"));
    }

    @Test
    void ifRangeWithTheExactLastModifiedServesTheRange() {
        assertThat(get("Range", "bytes=0-1", "If-Range", MODIFIED)).isEqualTo(new Partial(0, 1, 11));
        assertThat(get("Range", "bytes=0-1", "If-Range", "Thu, 26 Nov 2026 09:00:01 GMT"))
                .isEqualTo(new Whole("if-range"));
    }

    @Test
    void ifRangeWithADateIsFalseWhenLastModifiedIsNotStrong() {
        // Last-Modified equal to Date: it may have changed twice within that second (RFC 9110 §8.8.2.2).
        Representation weakDate = new Representation(200, 11, "", Optional.of(DATE), Optional.of(DATE));
        assertThat(ByteRanges.decide("GET", HeaderMap.of("Range", "bytes=0-1", "If-Range", DATE), weakDate))
                .isEqualTo(new Whole("if-range"));
        Representation noDate = new Representation(200, 11, "", Optional.of(MODIFIED), Optional.empty());
        assertThat(ByteRanges.decide("GET", HeaderMap.of("Range", "bytes=0-1", "If-Range", MODIFIED), noDate))
                .isEqualTo(new Whole("if-range"));
    }

    @Test
    void ifRangeThatFailsNeverGives416() {
        assertThat(get("Range", "bytes=50-60", "If-Range", "\"v2\"")).isEqualTo(new Whole("if-range"));
    }

    @Test
    void theRepresentationIsReadFromStoredHeaders() {
        Representation r = Representation.of(200, 11, "\"v1\"", HeaderMap.of("Last-Modified", MODIFIED, "Date", DATE));
        assertThat(r).isEqualTo(STORED);
    }
}
