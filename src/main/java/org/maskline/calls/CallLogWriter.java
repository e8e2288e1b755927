package org.maskline.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.store.CallLog;
import org.maskline.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call-log rows without ever holding up a call: the call flow only queues them, and one
 * writer thread lands them in order. While the database is down the head row is retried with
 * backoff and the others wait behind it, in a queue of bounded size (rows beyond it are dropped and
 * counted, never allowed to exhaust the heap). {@link #flush} lands what it can before a stop.
 *
 * <p>A row the store refuses for good (a value too long, a constraint) is logged once and written
 * again in a sanitized form; if even that is refused, it is dropped and counted. So no row is ever
 * retried for ever.
 */
final class CallLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallLogWriter.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** One write, in the order the call made it. */
    sealed interface Entry {
        String id();
    }

    record Start(CallRecord row, String node) implements Entry {
        public String id() {
            return row.id();
        }
    }

    record Answered(String id, Instant at) implements Entry {}

    /** @param onlyIfOpen complete the row only if nobody completed it before (a row whose end nobody saw) */
    record Finish(CallRecord row, boolean onlyIfOpen, String node) implements Entry {
        public String id() {
            return row.id();
        }
    }

    private final CallLog store;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Entry> queue = new ArrayDeque<>();
    /** Call ids with a Finish in the queue: earlier rows of those calls need no write of their own. */
    private final java.util.Map<String, Integer> finishing = new java.util.HashMap<>();
    private boolean writing;
    private boolean closed;
    private boolean outage;
    private Duration backoff = FIRST_BACKOFF;
    private final Thread thread;

    /**
     * @param capacity rows that may wait; more are dropped
     * @param threaded false for unit tests, which call {@link #writeNext()} themselves
     */
    CallLogWriter(CallLog store, int capacity, boolean threaded) {
        this.store = store;
        this.capacity = capacity;
        this.thread = threaded ? Thread.ofPlatform().daemon().name("maskline-call-log").start(this::run) : null;
    }

    void start(CallRecord r, String node) {
        offer(new Start(r, node));
    }

    void answered(String id, Instant at) {
        offer(new Answered(id, at));
    }

    void finish(CallRecord r, String node) {
        offer(new Finish(r, false, node));
    }

    void finishIfOpen(CallRecord r) {
        offer(new Finish(r, true, null));
    }

    private void offer(Entry e) {
        lock.lock();
        try {
            if (queue.size() >= capacity) {
                CallMetrics.LOG_DROPPED.labelValues("queue_full").inc();
                if (CallMetrics.LOG_DROPPED.labelValues("queue_full").get() == 1 || queue.size() % 1000 == 0) {
                    log.error("call log queue full ({} rows waiting for the database); dropping row {}", queue.size(), e.id());
                }
                return;
            }
            queue.addLast(e);
            if (e instanceof Finish) finishing.merge(e.id(), 1, Integer::sum);
            CallMetrics.LOG_QUEUE.set(queue.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The row of a call, or empty when the store has none or cannot answer now. */
    Optional<CallRecord> find(String id) {
        try {
            return store.find(id);
        } catch (RuntimeException e) {
            log.warn("call log unavailable ({}); taking over call {} without its row", e.getMessage(), id);
            return Optional.empty();
        }
    }

    /** Open rows of calls on {@code node}; empty when the store cannot answer now. */
    java.util.List<CallRecord> openCalls(String node, int limit) {
        try {
            return store.openCalls(node, limit);
        } catch (RuntimeException e) {
            log.warn("call log unavailable ({}); open rows of earlier calls are completed at the next connect", e.getMessage());
            return java.util.List.of();
        }
    }

    /** Rows waiting for the store. */
    int pending() {
        lock.lock();
        try {
            return queue.size() + (writing ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the next row (the thread's loop body; unit tests call it directly).
     *
     * @return false when nothing was waiting or the write failed for an outage (the row stays first)
     */
    boolean writeNext() {
        Entry e;
        lock.lock();
        try {
            e = queue.peekFirst();
            if (e == null) return false;
            if (!(e instanceof Finish) && finishing.containsKey(e.id())) {
                // The call's Finish is queued behind it and writes the whole row (inserting it if
                // missing): after an outage a backlog lands in one write per call, not three.
                queue.pollFirst();
                CallMetrics.LOG_QUEUE.set(queue.size());
                changed.signalAll();
                return true;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        boolean done;
        try {
            write(e);
            done = true;
        } catch (CallLog.RowRejected rejected) {
            done = true;
            rewrite(e, rejected);
        } catch (RuntimeException outageError) {
            done = false;
            CallMetrics.LOG_RETRIES.inc();
            if (!outage) log.warn("call log unavailable ({}); rows wait in the queue and are retried", outageError.getMessage());
            outage = true;
        }
        lock.lock();
        try {
            writing = false;
            if (done) {
                queue.pollFirst();
                if (e instanceof Finish) finishing.computeIfPresent(e.id(), (k, n) -> n == 1 ? null : n - 1);
                if (outage) log.info("call log available again; {} rows waiting", queue.size());
                outage = false;
                backoff = FIRST_BACKOFF;
            }
            CallMetrics.LOG_QUEUE.set(queue.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return done;
    }

    private void write(Entry e) {
        switch (e) {
            case Start s -> store.started(s.row(), s.node());
            case Answered a -> store.answered(a.id(), a.at());
            case Finish f when f.onlyIfOpen() -> store.finishedIfOpen(f.row());
            case Finish f -> store.finished(f.row(), f.node());
        }
    }

    /** Logged once per row; the sanitized row is tried once, then dropped. */
    private void rewrite(Entry e, RuntimeException why) {
        log.error("call log refused row {} for good ({}); writing a sanitized row instead", e.id(), why.getMessage());
        CallMetrics.LOG_REWRITTEN.inc();
        try {
            switch (e) {
                case Start s -> store.started(sanitized(s.row()), s.node());
                case Finish f when f.onlyIfOpen() -> store.finishedIfOpen(sanitized(f.row()));
                case Finish f -> store.finished(sanitized(f.row()), f.node());
                case Answered a -> { } // nothing from the network in it
            }
        } catch (RuntimeException again) {
            CallMetrics.LOG_DROPPED.labelValues("rejected").inc();
            log.error("call log refused the sanitized row {} too ({}); dropped", e.id(), again.getMessage());
        }
    }

    /** The row with every text field cut to what the columns certainly hold. */
    static CallRecord sanitized(CallRecord r) {
        String callee = r.callee() == null || PhoneNumbers.isE164(r.callee()) ? r.callee() : null;
        return new CallRecord(Sanitizer.text(r.id(), 64), r.sessionId() == null ? null : Sanitizer.text(r.sessionId(), 36),
                Sanitizer.number(r.caller()), callee, Sanitizer.number(r.proxyNumber()), r.startedAt(), r.answeredAt(),
                r.endedAt(), r.outcome(), r.hangupCause() == null ? null : Sanitizer.text(r.hangupCause(), 64),
                r.menuChoice() == null ? null : Sanitizer.text(r.menuChoice(), 16),
                r.callbackId() == null ? null : Sanitizer.text(r.callbackId(), 36));
    }

    private void run() {
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) changed.await();
                if (closed) return;
            } catch (InterruptedException ie) {
                return;
            } finally {
                lock.unlock();
            }
            if (!writeNext()) {
                lock.lock();
                try {
                    // Backoff during an outage; a flush or close wakes it early.
                    changed.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                } catch (InterruptedException ie) {
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Writes every queued row it can within {@code deadline}, retrying at once instead of backing
     * off. @return true when the queue is empty
     */
    boolean flush(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        if (thread == null) {
            while (System.nanoTime() < end && writeNext()) { }
            return pending() == 0;
        }
        lock.lock();
        try {
            backoff = FIRST_BACKOFF;
            changed.signalAll();
            while (!queue.isEmpty() || writing) {
                long left = end - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(Math.min(left, FIRST_BACKOFF.toNanos()));
                changed.signalAll();
            }
            if (!queue.isEmpty()) log.warn("call log: {} rows not written before the deadline", queue.size());
            return queue.isEmpty();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the writer; rows still queued are logged as lost (call {@link #flush} first). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (!queue.isEmpty()) log.warn("call log: {} rows were never written", queue.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
