package org.maskline.calls;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Delayed tasks (ring guard, maximum talk time, route-lookup deadline); unit tests move time by hand. */
interface Timers {
    /** A scheduled task that may be cancelled; cancelling one that ran or was cancelled does nothing. */
    interface Timer {
        void cancel();
    }

    Timer schedule(Duration delay, Runnable task);

    static Timers of(ScheduledExecutorService scheduler) {
        return (delay, task) -> {
            var f = scheduler.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
