package io.outputcache.demo.bench;

import io.outputcache.demo.hitbench.SocketLoad;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ClientInput}: the bench client's socket reader skips whole bodies in few reads and loses no byte. */
class ClientInputTest {

    /** A source that counts its reads and hands out at most {@code chunk} bytes per read, as a socket may. */
    private static final class CountingSource extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int chunk;
        int reads;

        CountingSource(byte[] data, int chunk) {
            this.bytes = new ByteArrayInputStream(data);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            throw new AssertionError("ClientInput reads in bulk");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            return bytes.read(b, off, Math.min(len, chunk));
        }
    }

    private static byte[] responses(int bodySize, int count) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) {
            all.append("HTTP/1.1 200 OK\r\nContent-Length: ").append(bodySize).append("\r\nContent-Encoding: gzip\r\n\r\n")
                    .append("x".repeat(bodySize));
        }
        all.append("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 3\r\n\r\nend");
        return all.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void keepAliveResponsesAreReadOneAfterTheOtherWithTheirBodiesSkipped() throws IOException {
        CountingSource source = new CountingSource(responses(20_000, 3), Integer.MAX_VALUE);
        ClientInput in = new ClientInput(source, 64 * 1024);

        for (int i = 0; i < 3; i++) {
            SocketLoad.Response r = SocketLoad.read(in);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyBytes()).isEqualTo(20_000);
        }
        SocketLoad.Response last = SocketLoad.read(in);

        assertThat(last.status()).isEqualTo(404);
        assertThat(last.close()).isTrue();
        assertThat(source.reads).as("60 kB of responses in one buffer fill, then the end").isLessThanOrEqualTo(3);
    }

    @Test
    void aBodySplitOverManySmallReadsIsSkippedWhole() throws IOException {
        CountingSource source = new CountingSource(responses(5_000, 2), 7);
        ClientInput in = new ClientInput(source, 16);

        assertThat(SocketLoad.read(in).bodyBytes()).isEqualTo(5_000);
        assertThat(SocketLoad.read(in).bodyBytes()).isEqualTo(5_000);
        assertThat(SocketLoad.read(in).status()).isEqualTo(404);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.skip(10)).isZero();
    }

    @Test
    void aConnectionClosedInABodyIsAnError() {
        byte[] cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort".getBytes(StandardCharsets.US_ASCII);
        ClientInput in = new ClientInput(new CountingSource(cut, 1000), 1024);

        assertThatThrownBy(() -> SocketLoad.read(in)).isInstanceOf(IOException.class);
    }
}
