package org.maskline.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} uses per key (a caller, a sender) in any sliding minute: forwarded
 * unroutable calls (MASKLINE_FORWARD_LIMIT_PER_MINUTE), so nobody uses the support line as a free
 * relay, and text messages (MASKLINE_SMS_PER_MINUTE), so nobody turns the relay into a bulk sender.
 * Remembers at most {@code maxKeys} keys; when that many were used within the last minute it refuses
 * newcomers (fail closed) rather than grow.
 */
public final class SlidingMinuteLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    public SlidingMinuteLimiter(int perMinute, int maxKeys, Clock clock) {
        this.perMinute = perMinute;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** True, and counted, when {@code key} may be used once more now; a refusal is not counted. */
    public synchronized boolean tryAcquire(String key) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        if (recent.size() >= maxKeys && !recent.containsKey(key)) {
            recent.values().removeIf(q -> {
                while (!q.isEmpty() && !q.peekFirst().isAfter(since)) q.pollFirst();
                return q.isEmpty();
            });
            if (recent.size() >= maxKeys) return false;
        }
        Deque<Instant> q = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!q.isEmpty() && !q.peekFirst().isAfter(since)) q.pollFirst();
        if (q.size() >= perMinute) return false;
        q.addLast(now);
        return true;
    }
}
