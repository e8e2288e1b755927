package org.maskline.ari;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with "equal jitter": attempt n waits a random time in [d/2, d] where
 * d = min(cap, initial * 2^n). Half the delay is guaranteed, so a flapping Asterisk is not hammered; the random half
 * spreads many clients (or many nodes' clients) restarting together.
 */
final class Backoff {
    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration CAP = Duration.ofSeconds(5);

    private final long initialMillis;
    private final long capMillis;
    private final DoubleSupplier random;
    private int attempt;

    Backoff() {
        this(INITIAL, CAP, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(Duration initial, Duration cap, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts as one more failure. */
    synchronized Duration next() {
        long ceiling = capMillis;
        if (attempt < 30) {
            ceiling = Math.min(capMillis, initialMillis << attempt);
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    synchronized void reset() {
        attempt = 0;
    }
}
