package io.outputcache.internal.policy;

import io.outputcache.internal.policy.Representation.Body;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The coding of a response, and the Vary and ETag that follow, for pages with and without holes. */
class RepresentationTest {
    private static final Body STORED_GZIP = new Body(true, false, true, 5000);
    private static final Body STORED_IDENTITY = new Body(false, false, true, 100);
    private static final Body HOLES = new Body(false, true, true, 5000);

    @Test
    void storedGzipGoesAsGzipToAClientThatAcceptsIt() {
        Representation r = Representation.choose("gzip, deflate, br", STORED_GZIP);
        assertThat(r.gzip()).isTrue();
        assertThat(r.varyAcceptEncoding()).isTrue();
    }

    @Test
    void storedGzipGoesAsIdentityToOtherClientsAndStillVaries() {
        for (String field : new String[] {null, "", "br", "identity", "gzip;q=0", "*;q=0", "gzip;q=abc"}) {
            Representation r = Representation.choose(field, STORED_GZIP);
            assertThat(r.gzip()).as(field).isFalse();
            assertThat(r.varyAcceptEncoding()).as(field).isTrue();
        }
    }

    @Test
    void weightsAndTheWildcardFollowRfc9110() {
        assertThat(Representation.choose("gzip;q=0.5, identity;q=0", STORED_GZIP).gzip()).isTrue();
        assertThat(Representation.choose("*", STORED_GZIP).gzip()).isTrue();
        assertThat(Representation.choose("br, *;q=0.1", STORED_GZIP).gzip()).isTrue();
        assertThat(Representation.choose("gzip;q=0, *", STORED_GZIP).gzip()).isFalse();
        assertThat(Representation.choose("x-gzip", STORED_GZIP).gzip()).isTrue();
    }

    @Test
    void anIdentityBodyIsOneRepresentationWithoutVary() {
        Representation r = Representation.choose("gzip", STORED_IDENTITY);
        assertThat(r.gzip()).isFalse();
        assertThat(r.varyAcceptEncoding()).isFalse();
    }

    @Test
    void aPageWithHolesGoesAsGzipFromItsSegmentedForm() {
        assertThat(Representation.choose("gzip", HOLES).gzip()).isTrue();
        assertThat(Representation.choose("identity", HOLES).gzip()).isFalse();
        assertThat(Representation.choose("identity", HOLES).varyAcceptEncoding()).isTrue();
    }

    @Test
    void aShortPageWithHolesGoesAsIdentityButStillVaries() {
        Body shortPage = new Body(false, true, true, Representation.FILLED_GZIP_MIN - 1);
        Representation r = Representation.choose("gzip", shortPage);
        assertThat(r.gzip()).isFalse();
        assertThat(r.varyAcceptEncoding()).isTrue();
        assertThat(Representation.choose("gzip", new Body(false, true, true, Representation.FILLED_GZIP_MIN)).gzip())
                .isTrue();
    }

    @Test
    void aPageWithHolesOfATypeThatDoesNotCompressIsIdentityWithoutVary() {
        Representation r = Representation.choose("gzip", new Body(false, true, false, 5000));
        assertThat(r.gzip()).isFalse();
        assertThat(r.varyAcceptEncoding()).isFalse();
    }

    @Test
    void gzipBytesGetTheirOwnEntityTag() {
        assertThat(Representation.choose("gzip", STORED_GZIP).entityTag("\"abc\"")).isEqualTo("\"abc-gz\"");
        assertThat(Representation.choose("gzip", STORED_GZIP).entityTag("W/\"abc\"")).isEqualTo("W/\"abc-gz\"");
        assertThat(Representation.choose("identity", STORED_GZIP).entityTag("\"abc\"")).isEqualTo("\"abc\"");
        assertThat(Representation.choose("gzip", STORED_GZIP).entityTag("")).isEmpty();
    }

    @Test
    void bothTagsNameThePagesContent() {
        assertThat(Representation.tagsNaming("\"abc\"")).containsExactly("\"abc\"", "\"abc-gz\"");
        assertThat(Representation.tagsNaming("")).isEmpty();
    }

    @Test
    void varyIsCoveredByTheFieldNameInAnyCaseOrByStar() {
        assertThat(Representation.varyCovers(List.of("Accept-Language, accept-encoding"))).isTrue();
        assertThat(Representation.varyCovers(List.of("Accept-Language", "*"))).isTrue();
        assertThat(Representation.varyCovers(List.of("Accept-Language"))).isFalse();
        assertThat(Representation.varyCovers(List.of())).isFalse();
    }
}
