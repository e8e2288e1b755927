package org.maskline.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} forwarded calls per caller in any sliding minute, so nobody can use
 * the support line as a free relay. Remembers at most {@link #MAX_CALLERS} callers; when that many
 * forwarded within the last minute it refuses (fail closed) rather than grow.
 */
final class ForwardLimiter {
    static final int MAX_CALLERS = 10_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    ForwardLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** True, and counted, when {@code caller} may be forwarded now. */
    synchronized boolean tryAcquire(String caller) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        if (recent.size() >= MAX_CALLERS && !recent.containsKey(caller)) {
            recent.values().removeIf(q -> {
                while (!q.isEmpty() && !q.peekFirst().isAfter(since)) q.pollFirst();
                return q.isEmpty();
            });
            if (recent.size() >= MAX_CALLERS) return false;
        }
        Deque<Instant> q = recent.computeIfAbsent(caller, k -> new ArrayDeque<>());
        while (!q.isEmpty() && !q.peekFirst().isAfter(since)) q.pollFirst();
        if (q.size() >= perMinute) return false;
        q.addLast(now);
        return true;
    }
}
