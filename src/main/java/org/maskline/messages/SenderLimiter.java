package org.maskline.messages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} messages per sender in any sliding minute (MASKLINE_SMS_PER_MINUTE), so
 * nobody turns the relay into a bulk sender. Remembers at most {@link #MAX_SENDERS} senders; when
 * that many sent within the last minute it refuses newcomers (fail closed) rather than grow.
 */
final class SenderLimiter {
    static final int MAX_SENDERS = 100_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    SenderLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** True, and counted, when {@code sender} may send one more message now. */
    synchronized boolean tryAcquire(String sender) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        if (recent.size() >= MAX_SENDERS && !recent.containsKey(sender)) {
            recent.values().removeIf(q -> {
                while (!q.isEmpty() && !q.peekFirst().isAfter(since)) q.pollFirst();
                return q.isEmpty();
            });
            if (recent.size() >= MAX_SENDERS) return false;
        }
        Deque<Instant> q = recent.computeIfAbsent(sender, k -> new ArrayDeque<>());
        while (!q.isEmpty() && !q.peekFirst().isAfter(since)) q.pollFirst();
        if (q.size() >= perMinute) return false;
        q.addLast(now);
        return true;
    }
}
