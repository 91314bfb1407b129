package io.outputcache.internal.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptEncodingTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip, deflate, br|true",
            "GZIP|true",
            "x-gzip|true",
            "br|false",
            "gzip;q=0|false",
            "gzip;q=0.5, identity|true",
            "*|true",
            "*;q=0|false",
            "*, gzip;q=0|false",
            "identity|false",
            "gzip;q=abc|false",
            "''|false",
    })
    void decidesWhetherGzipIsAcceptable(String header, boolean expected) {
        assertThat(AcceptEncoding.acceptsGzip(header)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void absentHeaderGetsIdentity() {
        assertThat(AcceptEncoding.acceptsGzip(null)).isFalse();
    }
}
