package io.outputcache.internal.entry;

import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity bytes of a gzip page: the node's by default, kept with the page when its owner asks. */
class IdentityBodyTest {
    private static final byte[] IDENTITY = "identity bytes, ".repeat(100).getBytes(StandardCharsets.UTF_8);

    private static CachedPage gzipPage() {
        return new CachedPage("identity-body-test", 200, 0, 1, 2, 0, "", HeaderMap.empty(), true, Bodies.gzip(IDENTITY),
                IDENTITY.length, Set.of());
    }

    @Test
    void aPageDecodedForOneResponseKeepsNothingItselfAndTheNodeAnswersAgain() throws IOException {
        CachedPage page = gzipPage();
        byte[] first = page.identityBody();
        assertThat(first).isEqualTo(IDENTITY);
        assertThat(page.identity().kept()).isNull();
        // the next read of the same entry is a new array with the same bytes: the node's inflation answers
        CachedPage again = gzipPage().withIdentity(IdentityBody.fromNode());
        assertThat(again.body()).isNotSameAs(page.body());
        assertThat(again.identityBody()).isSameAs(first);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        again.writeIdentityBody(out);
        assertThat(out.toByteArray()).isEqualTo(IDENTITY);
    }

    @Test
    void aKeepingPageInflatesOnceAndTellsItsOwnerOnce() throws IOException {
        AtomicInteger told = new AtomicInteger();
        CachedPage page = gzipPage().withIdentity(IdentityBody.keptOnce(told::incrementAndGet));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.writeIdentityBody(out);
        page.writeIdentityBody(out);
        assertThat(out.toByteArray()).hasSize(2 * IDENTITY.length);
        assertThat(page.identityBody()).isSameAs(page.identity().kept()).isEqualTo(IDENTITY);
        assertThat(page.identity().keptLength()).isEqualTo(IDENTITY.length);
        assertThat(told).hasValue(1);
    }

    @Test
    void anIdentityPageIsItsOwnBody() throws IOException {
        CachedPage page = new CachedPage("k", 200, 0, 1, 2, 0, "", HeaderMap.empty(), false, IDENTITY,
                IDENTITY.length, Set.of()).withIdentity(IdentityBody.keptOnce(() -> { }));
        assertThat(page.identityBody()).isSameAs(IDENTITY);
        assertThat(page.identity().keptLength()).isZero();
    }
}
