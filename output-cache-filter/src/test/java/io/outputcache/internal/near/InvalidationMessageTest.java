package io.outputcache.internal.near;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidationMessageTest {

    @Test
    void keysRoundTrip() {
        List<String> messages = InvalidationMessage.keys(List.of("p:abc", "f:def"));
        assertThat(messages).hasSize(1);
        assertThat(InvalidationMessage.parse(messages.get(0)))
                .isEqualTo(new InvalidationMessage.Keys(List.of("p:abc", "f:def")));
    }

    @Test
    void manyKeysAreChunked() {
        List<String> keys = IntStream.range(0, 600).mapToObj(i -> "p:" + i).toList();
        List<String> messages = InvalidationMessage.keys(keys);
        assertThat(messages).hasSize(3);
        assertThat(messages.stream().map(InvalidationMessage::parse)
                .flatMap(m -> ((InvalidationMessage.Keys) m).keys().stream()).toList()).isEqualTo(keys);
    }

    @Test
    void tagClearAndHeartbeatRoundTrip() {
        assertThat(InvalidationMessage.parse(InvalidationMessage.tag("product:7")))
                .isEqualTo(new InvalidationMessage.Tag("product:7"));
        assertThat(InvalidationMessage.parse(InvalidationMessage.all())).isEqualTo(new InvalidationMessage.All());
        assertThat(InvalidationMessage.parse(InvalidationMessage.heartbeat("n1", 42)))
                .isEqualTo(new InvalidationMessage.Heartbeat("n1", 42));
    }

    @Test
    void anythingElseMeansDropEverything() {
        for (String odd : new String[] {"", "x", "k", "t\n", "t\na\nb", "h\nn1", "h\nn1\nzz"}) {
            assertThat(InvalidationMessage.parse(odd)).as(odd).isEqualTo(new InvalidationMessage.All());
        }
        assertThat(InvalidationMessage.parse(null)).isEqualTo(new InvalidationMessage.All());
    }
}
