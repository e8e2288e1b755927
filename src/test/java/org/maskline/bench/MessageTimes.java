package org.maskline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * When each out-of-call MESSAGE was sent or received, by its text, read from SIPp's -trace_msg file
 * (each message preceded by a dashed line ending in an ISO timestamp with microseconds). The bench
 * gives every message a text of its own, so the text matches a carrier's MESSAGE with the one the
 * recipient's phone got.
 */
final class MessageTimes {
    private MessageTimes() {}

    /** @param sent true: the MESSAGE requests this phone sent; false: those it received. Micros since the epoch, by text. */
    static Map<String, Long> read(Path file, boolean sent) throws IOException {
        Map<String, Long> out = new HashMap<>();
        if (!Files.exists(file)) return out;
        String[] blocks = Files.readString(file).split("(?m)^-{5,}");
        for (String b : blocks) {
            int nl = b.indexOf('\n');
            if (nl < 0) continue;
            long ts = MessageLog.micros(b.substring(0, nl).strip());
            String rest = b.substring(nl + 1).replace("\r", "");
            String banner = rest.lines().findFirst().orElse("");
            if (sent ? !banner.contains("message sent") : !banner.contains("message received")) continue;
            String msg = rest.substring(rest.indexOf('\n') + 1).stripLeading();
            if (!msg.startsWith("MESSAGE ")) continue;
            int body = msg.indexOf("\n\n");
            if (body < 0) continue;
            String text = msg.substring(body + 2).strip();
            if (!text.isEmpty() && ts > 0) out.putIfAbsent(text, ts);
        }
        return out;
    }
}
