package org.maskline.calls;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.store.CallLog;
import org.maskline.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call-log rows without ever failing a call: a row that the store cannot take now (an
 * outage) is retried with backoff until it lands, so no record is lost while the database is down.
 * Rows of one call stay in order because the store's writes are idempotent per call id and
 * {@code finished} inserts a missing row.
 */
final class CallLogWriter {
    private static final Logger log = LoggerFactory.getLogger(CallLogWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CallLog store;
    private final ScheduledExecutorService scheduler;
    private final Executor pool;
    private final AtomicInteger pending = new AtomicInteger();

    CallLogWriter(CallLog store, ScheduledExecutorService scheduler, Executor pool) {
        this.store = store;
        this.scheduler = scheduler;
        this.pool = pool;
    }

    void start(CallRecord r) {
        try {
            store.started(r);
        } catch (RuntimeException e) {
            // The finished row will carry everything; retrying the start row would race it.
            log.warn("call log unavailable at call start ({}); the row is written when the call ends", e.getMessage());
        }
    }

    void finish(CallRecord r) {
        write(r, 0);
    }

    /** The row of a call, or empty when the store has none or cannot answer now. */
    java.util.Optional<CallRecord> find(String id) {
        try {
            return store.find(id);
        } catch (RuntimeException e) {
            log.warn("call log unavailable ({}); taking over call {} without its row", e.getMessage(), id);
            return java.util.Optional.empty();
        }
    }

    /** Rows waiting for the store to come back. */
    int pending() {
        return pending.get();
    }

    private void write(CallRecord r, int attempt) {
        try {
            store.finished(r);
            if (attempt > 0) {
                pending.decrementAndGet();
                log.info("call log row {} written after {} retries", r.id(), attempt);
            }
        } catch (RuntimeException e) {
            if (attempt == 0) pending.incrementAndGet();
            long delay = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(attempt, 10));
            log.warn("call log unavailable ({}); retrying row {} in {} ms", e.getMessage(), r.id(), delay);
            scheduler.schedule(() -> pool.execute(() -> write(r, attempt + 1)), delay, TimeUnit.MILLISECONDS);
        }
    }
}
