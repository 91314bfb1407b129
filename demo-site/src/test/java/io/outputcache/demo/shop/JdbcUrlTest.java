package io.outputcache.demo.shop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlTest {

    @Test
    void aPasswordInAnyFormIsRedacted() {
        assertThat(JdbcUrl.redact("jdbc:postgresql://h:5432/test?user=shop&password=hun;ter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/test?user=shop&password=****&ssl=true");
        assertThat(JdbcUrl.redact("jdbc:postgresql://h/test?PASSWORD=hunter2")).isEqualTo("jdbc:postgresql://h/test?PASSWORD=****");
        assertThat(JdbcUrl.redact("jdbc:h2:tcp://h/db;USER=sa;PASSWORD=hunter2;MODE=x"))
                .isEqualTo("jdbc:h2:tcp://h/db;USER=sa;PASSWORD=****;MODE=x");
        assertThat(JdbcUrl.redact("jdbc:postgresql://shop:hunter2@h:5432/test")).isEqualTo("jdbc:postgresql://****@h:5432/test");
        assertThat(JdbcUrl.redact("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    @Test
    void theEmbeddedDefaultIsAFreshInMemoryDatabaseEachTime() {
        assertThat(JdbcUrl.embedded()).startsWith("jdbc:h2:mem:demo-").isNotEqualTo(JdbcUrl.embedded());
        assertThat(JdbcUrl.check(JdbcUrl.embedded())).startsWith("jdbc:h2:mem:");
    }

    @Test
    void onlyUrlsADriverTakesPass() {
        assertThat(JdbcUrl.check("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")).isNotEmpty();
        assertThatThrownBy(() -> JdbcUrl.check("jdbc:oracle:thin:@h:1521/x")).hasMessageContaining("no driver");
        assertThatThrownBy(() -> JdbcUrl.check("jdbc:postgresql://h/test?user=a b")).hasMessageContaining("without spaces");
    }
}
