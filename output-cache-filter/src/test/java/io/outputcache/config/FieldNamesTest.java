package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldNamesTest {

    @Test
    void tokensAreRfc9110Tokens() {
        assertThat(FieldNames.isToken("X-Forwarded-Host")).isTrue();
        assertThat(FieldNames.isToken("a!#$%&'*+.^_`|~9")).isTrue();
        assertThat(FieldNames.isToken("X Bad")).isFalse();
        assertThat(FieldNames.isToken("X-Bad:")).isFalse();
        assertThat(FieldNames.isToken("a=b")).isFalse();
        assertThat(FieldNames.isToken("")).isFalse();
        assertThat(FieldNames.isToken(null)).isFalse();
    }

    @Test
    void headerNamesAreLowerCasedAndDeduplicated() {
        assertThat(FieldNames.headers("vary-headers", List.of("Accept-Language", "accept-language", "X-Tenant")))
                .containsExactly("accept-language", "x-tenant");
    }

    @Test
    void cookieNamesKeepTheirCase() {
        assertThat(FieldNames.cookies("vary-cookies", List.of("Locale", "locale", "Locale"))).containsExactly("Locale", "locale");
    }

    @Test
    void aBadNameIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> FieldNames.headers("bypass-headers", List.of("X-Bad Header:")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("bypass-headers must be header field names but got 'X-Bad Header:'");
        assertThatThrownBy(() -> FieldNames.cookies("leak-guard-cookies", null))
                .hasMessage("leak-guard-cookies must not be null");
    }
}
