package io.outputcache.internal.near;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What travels on {@code {prefix}:inv}, as text: a kind letter, a newline, then the arguments one per line.
 * <pre>
 * k\n&lt;key&gt;\n&lt;key&gt;...   drop these keys (a put, a delete)     t\n&lt;tag&gt;   drop every copy with this tag
 * c                              drop everything (a clear)            h\n&lt;node&gt;\n&lt;seq&gt;   a node's heartbeat
 * </pre>
 * Keys are the store's relative keys ({@code p:<hash>}); tags have no whitespace (TagNames). A message that does
 * not parse is read as "drop everything": a near cache errs towards a miss.
 */
sealed interface InvalidationMessage {

    /** At most this many keys per message, so that one invalidation never makes a huge message. */
    int KEYS_PER_MESSAGE = 256;

    record Keys(List<String> keys) implements InvalidationMessage {
    }

    record Tag(String tag) implements InvalidationMessage {
    }

    record All() implements InvalidationMessage {
    }

    record Heartbeat(String node, long seq) implements InvalidationMessage {
    }

    /** The messages that carry these keys, {@link #KEYS_PER_MESSAGE} at most each. */
    static List<String> keys(List<String> keys) {
        List<String> messages = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_MESSAGE) {
            messages.add("k\n" + String.join("\n", keys.subList(from, Math.min(keys.size(), from + KEYS_PER_MESSAGE))));
        }
        return messages;
    }

    static String tag(String tag) {
        return "t\n" + tag;
    }

    static String all() {
        return "c";
    }

    static String heartbeat(String node, long seq) {
        return "h\n" + node + "\n" + seq;
    }

    static InvalidationMessage parse(String text) {
        if (text == null || text.isEmpty()) {
            return new All();
        }
        String[] lines = text.split("\n", -1);
        return switch (lines[0]) {
            case "k" -> lines.length < 2 ? new All() : new Keys(List.of(Arrays.copyOfRange(lines, 1, lines.length)));
            case "t" -> lines.length == 2 && !lines[1].isEmpty() ? new Tag(lines[1]) : new All();
            case "h" -> heartbeat(lines).map(InvalidationMessage.class::cast).orElseGet(All::new);
            default -> new All();
        };
    }

    private static Optional<Heartbeat> heartbeat(String[] lines) {
        if (lines.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Heartbeat(lines[1], Long.parseLong(lines[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
