package io.outputcache.internal.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The page defences as they apply to fragments, one rule per test. */
class FragmentPolicyTest {

    @Test
    void credentialsComeFirstThenABypassedPageThenASignedInRequest() {
        assertThat(FragmentPolicy.request(true, true, true)).contains("authorization");
        assertThat(FragmentPolicy.request(false, true, true)).contains("page-bypassed");
        assertThat(FragmentPolicy.request(false, false, true)).contains("signed-in");
        assertThat(FragmentPolicy.request(false, false, false)).isEmpty();
    }

    @Test
    void aUrlRewrittenSessionIdIsFoundInAnyCase() {
        assertThat(FragmentPolicy.hasUrlSessionId(bytes("<a href=\"/cart;jsessionid=node01abc\">"))).isTrue();
        assertThat(FragmentPolicy.hasUrlSessionId(bytes("<a href=\"/cart;JSESSIONID=X\">"))).isTrue();
        assertThat(FragmentPolicy.hasUrlSessionId(bytes("<a href=\"/cart\">jsessionid</a>"))).isFalse();
        assertThat(FragmentPolicy.hasUrlSessionId(bytes(";jsessionid"))).isFalse();
        assertThat(FragmentPolicy.hasUrlSessionId(bytes(""))).isFalse();
    }

    @Test
    void refusalsAreCountedUnderAFragmentLabel() {
        assertThat(FragmentPolicy.countedAs("Personal")).isEqualTo("fragment-personal");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
