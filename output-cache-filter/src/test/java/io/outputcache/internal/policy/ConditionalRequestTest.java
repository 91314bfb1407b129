package io.outputcache.internal.policy;

import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.HttpDates;
import io.outputcache.internal.policy.ConditionalRequest.Conditions;
import io.outputcache.internal.policy.ConditionalRequest.Outcome;
import io.outputcache.internal.policy.ConditionalRequest.Validators;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 §13.1/§13.2 and RFC 9111 §4.3.2 as a cache evaluates them, one rule per test. */
class ConditionalRequestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Instant RECEIVED = CLOCK.instant().minus(Duration.ofMinutes(10));
    private static final String TAG = "\"abc\"";
    private static final List<String> TAGS = Representation.tagsNaming(TAG);

    private static Conditions get(String ifNoneMatch, String ifModifiedSince) {
        return new Conditions("GET", Optional.ofNullable(ifNoneMatch), Optional.ofNullable(ifModifiedSince));
    }

    private static String date(Instant instant) {
        return HttpDates.format(instant);
    }

    private static Outcome evaluate(Conditions request, HeaderMap stored) {
        return ConditionalRequest.evaluate(request, 200, Validators.of(TAGS, stored, RECEIVED));
    }

    @Test
    void noConditionServes() {
        assertThat(evaluate(get(null, null), HeaderMap.empty())).isEqualTo(Outcome.SERVE);
    }

    @Test
    void matchingEntityTagIsNotModified() {
        assertThat(evaluate(get(TAG, null), HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void otherEntityTagServes() {
        assertThat(evaluate(get("\"other\"", null), HeaderMap.empty())).isEqualTo(Outcome.SERVE);
    }

    @Test
    void weakComparisonIgnoresTheWeakPrefixOnEitherSide() {
        assertThat(evaluate(get("W/" + TAG, null), HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(ConditionalRequest.evaluate(get(TAG, null), 200,
                Validators.tagsOnly(List.of("W/" + TAG)))).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void anyMemberOfTheListMayMatch() {
        assertThat(evaluate(get("W/\"nope\", \"x\"," + TAG, null), HeaderMap.empty()))
                .isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void aCommaInsideQuotesBelongsToTheTag() {
        Validators ours = Validators.tagsOnly(List.of("\"a,b\""));
        assertThat(ConditionalRequest.evaluate(get("\"a,b\"", null), 200, ours)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(ConditionalRequest.evaluate(get("\"a\", \"b\"", null), 200, ours)).isEqualTo(Outcome.SERVE);
    }

    @Test
    void theTagOfTheGzipBytesValidatesTheSameContent() {
        assertThat(evaluate(get("\"abc-gz\"", null), HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void starMatchesAnyCurrentRepresentation() {
        assertThat(evaluate(get("*", null), HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(ConditionalRequest.evaluate(get("*", null), 200, Validators.tagsOnly(List.of())))
                .isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void anEntityTagConditionCannotMatchAResponseWithoutTags() {
        assertThat(ConditionalRequest.evaluate(get("\"abc\"", null), 200, Validators.tagsOnly(List.of())))
                .isEqualTo(Outcome.SERVE);
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        HeaderMap stored = HeaderMap.of("Last-Modified", date(RECEIVED.minus(Duration.ofDays(1))));
        // the date alone would say 304; the tag that does not match decides
        assertThat(evaluate(get("\"other\"", date(CLOCK.instant())), stored)).isEqualTo(Outcome.SERVE);
    }

    @Test
    void ifModifiedSinceAtOrAfterLastModifiedIsNotModified() {
        Instant modified = RECEIVED.minus(Duration.ofHours(1));
        HeaderMap stored = HeaderMap.of("Last-Modified", date(modified));
        assertThat(evaluate(get(null, date(modified)), stored)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate(get(null, date(CLOCK.instant())), stored)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifModifiedSinceBeforeLastModifiedServes() {
        Instant modified = RECEIVED.minus(Duration.ofHours(1));
        HeaderMap stored = HeaderMap.of("Last-Modified", date(modified));
        assertThat(evaluate(get(null, date(modified.minusSeconds(1))), stored)).isEqualTo(Outcome.SERVE);
    }

    @Test
    void withoutLastModifiedTheStoredDateIsTheModificationDate() {
        Instant dated = RECEIVED.minus(Duration.ofMinutes(1));
        HeaderMap stored = HeaderMap.of("Date", date(dated));
        assertThat(evaluate(get(null, date(dated)), stored)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate(get(null, date(dated.minusSeconds(1))), stored)).isEqualTo(Outcome.SERVE);
    }

    @Test
    void withoutLastModifiedOrDateTheTimeTheResponseWasReceivedIsTheModificationDate() {
        assertThat(evaluate(get(null, date(RECEIVED)), HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate(get(null, date(RECEIVED.minusSeconds(1))), HeaderMap.empty())).isEqualTo(Outcome.SERVE);
    }

    @Test
    void aPageFilledPerResponseIsNeverNotModifiedByDate() {
        assertThat(ConditionalRequest.evaluate(get(null, date(CLOCK.instant())), 200, Validators.tagsOnly(TAGS)))
                .isEqualTo(Outcome.SERVE);
    }

    @Test
    void anInvalidOrListedDateIsIgnored() {
        HeaderMap stored = HeaderMap.of("Last-Modified", date(RECEIVED));
        assertThat(evaluate(get(null, "yesterday"), stored)).isEqualTo(Outcome.SERVE);
        assertThat(evaluate(get(null, date(CLOCK.instant()) + ", " + date(CLOCK.instant())), stored))
                .isEqualTo(Outcome.SERVE);
    }

    @Test
    void headIsEvaluatedLikeGet() {
        Conditions head = new Conditions("HEAD", Optional.of(TAG), Optional.empty());
        assertThat(evaluate(head, HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void otherMethodsAreNotEvaluated() {
        Conditions post = new Conditions("POST", Optional.of(TAG), Optional.of(date(CLOCK.instant())));
        assertThat(evaluate(post, HeaderMap.of("Last-Modified", date(RECEIVED)))).isEqualTo(Outcome.SERVE);
    }

    @Test
    void aStoredResponseThatIsNot2xxIgnoresPreconditions() {
        Validators validators = Validators.of(TAGS, HeaderMap.empty(), RECEIVED);
        assertThat(ConditionalRequest.evaluate(get(TAG, null), 404, validators)).isEqualTo(Outcome.SERVE);
        assertThat(ConditionalRequest.evaluate(get(TAG, null), 301, validators)).isEqualTo(Outcome.SERVE);
        assertThat(ConditionalRequest.evaluate(get(TAG, null), 204, validators)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void unquotedMembersAreComparedAsTheirText() {
        assertThat(evaluate(get("abc", null), HeaderMap.empty())).isEqualTo(Outcome.NOT_MODIFIED);
    }
}
