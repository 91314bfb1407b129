package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
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
    void anUnreadableCodingIsSkippedInHttpModeAndRefusedInOutputMode() {
        assertThat(LeakGuard.whenUnreadable(CacheMode.HTTP)).isEqualTo(LeakGuard.Unreadable.SKIP);
        assertThat(LeakGuard.whenUnreadable(CacheMode.OUTPUT)).isEqualTo(LeakGuard.Unreadable.REFUSE);
    }
}
