package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheCap() {
        var top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.999999);
        long[] expected = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
        for (long e : expected) {
            assertEquals(e, top.next().toMillis(), 1);
        }
    }

    @Test
    void jitterKeepsAtLeastHalfTheDelay() {
        var bottom = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.0);
        assertEquals(50, bottom.next().toMillis());
        assertEquals(100, bottom.next().toMillis());
        for (int i = 0; i < 100; i++) {
            bottom.next();
        }
        assertEquals(2500, bottom.next().toMillis());
    }

    @Test
    void resetStartsOver() {
        var b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.999999);
        for (int i = 0; i < 10; i++) {
            b.next();
        }
        b.reset();
        assertEquals(100, b.next().toMillis(), 1);
    }

    @Test
    void realRandomStaysInBounds() {
        var b = new Backoff();
        for (int i = 0; i < 50; i++) {
            long ms = b.next().toMillis();
            assertTrue(ms >= 50 && ms <= 5000, "delay " + ms);
        }
    }
}
