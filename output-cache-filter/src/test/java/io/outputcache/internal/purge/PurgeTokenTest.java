package io.outputcache.internal.purge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeTokenTest {
    private final PurgeToken token = new PurgeToken("s3cret-s3cret-s3cret");

    @Test
    void theTokenIsValid() {
        assertThat(token.check("s3cret-s3cret-s3cret")).isEqualTo(PurgeToken.Verdict.VALID);
    }

    @Test
    void noTokenIsMissingAndAnEmptyOneToo() {
        assertThat(token.check(null)).isEqualTo(PurgeToken.Verdict.MISSING);
        assertThat(token.check("")).isEqualTo(PurgeToken.Verdict.MISSING);
    }

    @Test
    void prefixesLongerTokensAndOtherCaseAreWrong() {
        assertThat(token.check("s3cret-s3cret-s3cre")).isEqualTo(PurgeToken.Verdict.WRONG);
        assertThat(token.check("s3cret-s3cret-s3cret!")).isEqualTo(PurgeToken.Verdict.WRONG);
        assertThat(token.check("S3CRET-S3CRET-S3CRET")).isEqualTo(PurgeToken.Verdict.WRONG);
    }

    @Test
    void itsTextDoesNotShowTheSecret() {
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
