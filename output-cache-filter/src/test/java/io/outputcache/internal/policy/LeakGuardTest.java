package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeakGuardTest {
    private final LeakGuard guard = new LeakGuard(4);

    private static byte[] page(String html) {
        return html.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsTheSessionIdAndNamesOnlyItsKind() {
        byte[] body = page("<a href=\"/cart;jsessionid=node0abc123xyz\">cart</a>");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("session id", "node0abc123xyz"))))
                .contains("session id");
    }

    @Test
    void matchesUserNamesWhateverTheirCase() {
        assertThat(guard.find(page("<h1>Welcome ALICE!</h1>"), List.of(new LeakGuard.Secret("principal", "alice"))))
                .contains("principal");
    }

    @Test
    void matchesTheHtmlEscapedFormOfAValue() {
        byte[] body = page("<p>Signed in as O&#39;Brien</p>");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("principal", "O'Brien")))).contains("principal");
    }

    @Test
    void doesNotMatchInsideALongerWord() {
        byte[] body = page("<p>The annals of history</p>");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("principal", "anna")))).isEmpty();
    }

    @Test
    void matchesAtTheVeryStartAndEndOfTheBody() {
        assertThat(guard.find(page("anna"), List.of(new LeakGuard.Secret("principal", "anna")))).isPresent();
        assertThat(guard.find(page("hi anna"), List.of(new LeakGuard.Secret("principal", "anna")))).isPresent();
    }

    @Test
    void valuesEndingInPunctuationNeedNoWordEdgeThere() {
        byte[] body = page("token=YWJjZA==x");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("header x-csrf-token", "YWJjZA==")))).isPresent();
    }

    @Test
    void skipsValuesShorterThanTheMinimum() {
        byte[] body = page("<p>Hello bob</p>");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("principal", "bob")))).isEmpty();
        assertThat(new LeakGuard(3).find(body, List.of(new LeakGuard.Secret("principal", "bob")))).isPresent();
    }

    @Test
    void skipsMissingAndBlankValues() {
        byte[] body = page("<p>          </p>");
        assertThat(guard.find(body, java.util.Arrays.asList(new LeakGuard.Secret("principal", null),
                new LeakGuard.Secret("cookie a", "      ")))).isEmpty();
    }

    @Test
    void aPageWithoutAnyValueIsClean() {
        byte[] body = page("<html><body>" + "lorem ipsum ".repeat(1000) + "</body></html>");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("session id", "node01q2w3e4r5t6y7"),
                new LeakGuard.Secret("principal", "alice")))).isEmpty();
    }

    @Test
    void nonAsciiValuesAreFoundAsUtf8() {
        byte[] body = page("<p>Grüße, Jürgen</p>");
        assertThat(guard.find(body, List.of(new LeakGuard.Secret("principal", "Jürgen")))).isPresent();
    }

    @Test
    void findsAUrlEncodedValueWithPlusOrPercentForItsSpaces() {
        LeakGuard.Secret name = new LeakGuard.Secret("principal", "Anna Maria/Ö");
        assertThat(guard.find(page("<a href=\"/search?by=Anna+Maria%2F%C3%96\">"), List.of(name)))
                .contains("principal");
        assertThat(guard.find(page("<a href=\"/u/anna%20maria%2f%c3%96\">"), List.of(name))).contains("principal");
    }

    @Test
    void findsAUrlEncodedBase64Token() {
        LeakGuard.Secret token = new LeakGuard.Secret("cookie XSRF-TOKEN", "ab+cd/ef==");
        assertThat(guard.find(page("<a href=\"/logout?t=ab%2Bcd%2Fef%3D%3D\">"), List.of(token))).isPresent();
    }

    @Test
    void findsAJsonEscapedValue() {
        LeakGuard.Secret name = new LeakGuard.Secret("principal", "O\"Brien\\home");
        assertThat(guard.find(page("<script>var user = {\"name\":\"O\\\"Brien\\\\home\"};</script>"), List.of(name)))
                .contains("principal");
    }

    @Test
    void findsAJsonValueWithEscapedSlashesOrUnicodeEscapes() {
        assertThat(guard.find(page("{\"next\":\"\\/u\\/alice\\/orders\"}"),
                List.of(new LeakGuard.Secret("attribute _csrf", "/u/alice/orders")))).isPresent();
        // Gson's default escapes '=' and non-ASCII: a padded token and a name with an umlaut.
        assertThat(guard.find(page("{\"t\":\"YWJjZA\\u003d\\u003d\"}"),
                List.of(new LeakGuard.Secret("attribute _csrf", "YWJjZA==")))).isPresent();
        assertThat(guard.find(page("{\"n\":\"J\\u00FCrgen\"}"),
                List.of(new LeakGuard.Secret("principal", "Jürgen")))).isPresent();
    }

    @Test
    void aPlainTokenIsOneNeedleAndEveryOtherSpellingIsAddedOnlyWhenItDiffers() {
        assertThat(guard.needles(List.of(new LeakGuard.Secret("session id", "node0abc-123_x.y"))).size()).isEqualTo(1);
        assertThat(guard.needles(List.of(new LeakGuard.Secret("principal", "a b<c"))).size()).isGreaterThan(3);
        assertThat(guard.needles(List.of(new LeakGuard.Secret("principal", "abc"))).isEmpty()).isTrue();
    }

    @Test
    void findsAValueInAStoredHeaderFieldAndNamesTheField() {
        HeaderMap stored = HeaderMap.of("Content-Type", "text/html", "X-CSRF-TOKEN", "tok-55aa66bb");
        LeakGuard.Needles needles = guard.needles(List.of(new LeakGuard.Secret("cookie XSRF-TOKEN", "tok-55aa66bb")));
        assertThat(guard.findInHeaders(stored, needles))
                .contains(new LeakGuard.Leak("cookie XSRF-TOKEN", "x-csrf-token"));
    }

    @Test
    void findsAValueInsideALongerHeaderValueAndInItsEncodings() {
        LeakGuard.Needles needles = guard.needles(List.of(new LeakGuard.Secret("attribute _csrf", "n0nce+Tok/en=="),
                new LeakGuard.Secret("principal", "alice")));
        assertThat(guard.findInHeaders(HeaderMap.of("Content-Security-Policy",
                "script-src 'self' 'nonce-n0nce+Tok/en=='"), needles)).map(LeakGuard.Leak::field)
                .contains("content-security-policy");
        assertThat(guard.findInHeaders(HeaderMap.of("Location", "/next?t=n0nce%2BTok%2Fen%3D%3D"), needles))
                .map(LeakGuard.Leak::kind).contains("attribute _csrf");
        assertThat(guard.findInHeaders(HeaderMap.of("X-User-Id", "ALICE"), needles)).map(LeakGuard.Leak::kind)
                .contains("principal");
    }

    @Test
    void headerFieldsWithoutAValueOfTheUserPass() {
        LeakGuard.Needles needles = guard.needles(List.of(new LeakGuard.Secret("principal", "alice")));
        assertThat(guard.findInHeaders(HeaderMap.of("Content-Type", "text/html", "Vary", "Accept-Language",
                "X-Owner", "malice-team"), needles)).isEmpty();
        assertThat(guard.findInHeaders(HeaderMap.of("X-User", "alice"), guard.needles(List.of()))).isEmpty();
    }

    @Test
    void aSecretsTextNamesItsKindNeverItsValue() {
        assertThat(new LeakGuard.Secret("session id", "node0abc123xyz").toString()).contains("session id")
                .doesNotContain("node0abc123xyz");
    }

    @Test
    void anUnreadableCodingIsSkippedInHttpModeAndRefusedInOutputMode() {
        assertThat(LeakGuard.whenUnreadable(CacheMode.HTTP)).isEqualTo(LeakGuard.Unreadable.SKIP);
        assertThat(LeakGuard.whenUnreadable(CacheMode.OUTPUT)).isEqualTo(LeakGuard.Unreadable.REFUSE);
    }
}
