package org.maskline.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks due sessions expired (releasing their keys and numbers) and purges ended sessions and calls past
 * the retention period. Routing never depends on it having run: expired keys are ignored by the look-up.
 */
public final class SessionSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);
    private static final int BATCH = 1000;

    /** What one sweep did. */
    public record Sweep(int expired, int sessionsPurged, int callsPurged, int messagesPurged) {
        public Sweep(int expired, int sessionsPurged, int callsPurged) {
            this(expired, sessionsPurged, callsPurged, 0);
        }
    }

    private final SessionRepository sessions;
    private final CallRepository calls;
    private final MessageRepository messages;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService timer;

    SessionSweeper(SessionRepository sessions, CallRepository calls, MessageRepository messages, Duration retention, Clock clock) {
        this.sessions = sessions;
        this.calls = calls;
        this.messages = messages;
        this.retention = retention;
        this.clock = clock;
    }

    /** One full pass; safe to run on several instances at once. */
    public Sweep sweepOnce() {
        int expired = 0;
        int n;
        do {
            n = sessions.expireDue(BATCH);
            expired += n;
        } while (n == BATCH);
        var cutoff = clock.instant().minus(retention);
        // In batches, each its own short transaction: a first purge after a long outage must not hold
        // locks (or a huge undo log) for minutes while calls are being routed.
        int sessionsPurged = 0;
        do {
            n = sessions.purgeEndedBefore(cutoff, BATCH);
            sessionsPurged += n;
        } while (n == BATCH && !Thread.currentThread().isInterrupted());
        int callsPurged = 0;
        do {
            n = calls.purgeStartedBefore(cutoff, BATCH);
            callsPurged += n;
        } while (n == BATCH && !Thread.currentThread().isInterrupted());
        int messagesPurged = 0;
        do {
            n = messages.purgeCreatedBefore(cutoff, BATCH);
            messagesPurged += n;
        } while (n == BATCH && !Thread.currentThread().isInterrupted());
        return new Sweep(expired, sessionsPurged, callsPurged, messagesPurged);
    }

    synchronized void start(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maskline-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepLogged() {
        try {
            Sweep s = sweepOnce();
            if (s.expired() + s.sessionsPurged() + s.callsPurged() + s.messagesPurged() > 0) {
                log.info("sweep: {} sessions expired, {} sessions, {} calls and {} messages purged", s.expired(),
                        s.sessionsPurged(), s.callsPurged(), s.messagesPurged());
            }
        } catch (RuntimeException e) {
            // The next run tries again; routing does not depend on the sweeper.
            log.warn("sweep failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
