package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.maskline.testsupport.MutableClock;

/** MASKLINE_SMS_PER_MINUTE and MASKLINE_FORWARD_LIMIT_PER_MINUTE: a sliding minute per key. */
class SlidingMinuteLimiterTest {
    private final MutableClock clock = MutableClock.atNow();

    @Test
    void aSenderGetsTheLimitInAnySlidingMinuteAndOthersAreNotAffected() {
        SlidingMinuteLimiter l = new SlidingMinuteLimiter(3, 100, clock);
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
        SlidingMinuteLimiter l = new SlidingMinuteLimiter(1, 100, clock);
        assertTrue(l.tryAcquire("a"));
        for (int i = 0; i < 100; i++) assertFalse(l.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(61));
        assertTrue(l.tryAcquire("a"));
    }

    @Test
    void whenTooManyKeysAreRecentNewcomersAreRefusedUntilOldOnesLeaveTheWindow() {
        SlidingMinuteLimiter l = new SlidingMinuteLimiter(5, 2, clock);
        assertTrue(l.tryAcquire("a"));
        assertTrue(l.tryAcquire("b"));
        assertFalse(l.tryAcquire("c"), "fail closed rather than grow");
        assertTrue(l.tryAcquire("a"), "known keys still count");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(l.tryAcquire("c"), "a and b left the window");
    }
}
