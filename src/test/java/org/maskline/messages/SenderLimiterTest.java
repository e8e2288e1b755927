package org.maskline.messages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.maskline.testsupport.MutableClock;

/** MASKLINE_SMS_PER_MINUTE: a sliding minute per sender. */
class SenderLimiterTest {
    private final MutableClock clock = MutableClock.atNow();

    @Test
    void aSenderGetsTheLimitInAnySlidingMinuteAndOthersAreNotAffected() {
        SenderLimiter l = new SenderLimiter(3, clock);
        assertTrue(l.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(20));
        assertTrue(l.tryAcquire("a"));
        assertTrue(l.tryAcquire("a"));
        assertFalse(l.tryAcquire("a"), "the fourth within a minute");
        assertTrue(l.tryAcquire("b"), "another sender has their own minute");
        clock.advance(Duration.ofSeconds(41));
        assertTrue(l.tryAcquire("a"), "the first one left the window");
        assertFalse(l.tryAcquire("a"));
    }

    @Test
    void refusedAttemptsDoNotCountAgainstTheNextMinute() {
        SenderLimiter l = new SenderLimiter(1, clock);
        assertTrue(l.tryAcquire("a"));
        for (int i = 0; i < 100; i++) assertFalse(l.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(61));
        assertTrue(l.tryAcquire("a"));
    }
}
