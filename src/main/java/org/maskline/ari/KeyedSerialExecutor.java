package org.maskline.ari;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time per key, in submission order, and tasks of different keys in parallel on the given
 * executor. A key's queue exists only while it has work, so the map holds active calls, not every call ever seen.
 *
 * <p>At most one drain task per key is ever scheduled: it is started by the submit that creates the queue and it
 * removes the queue itself, under the map's per-key lock, when it finds nothing left to do.
 */
final class KeyedSerialExecutor {
    private static final Logger log = LoggerFactory.getLogger(KeyedSerialExecutor.class);

    private final ConcurrentHashMap<String, ArrayDeque<Runnable>> queues = new ConcurrentHashMap<>();
    private final Executor executor;
    private final AtomicInteger pending = new AtomicInteger();

    KeyedSerialExecutor(Executor executor) {
        this.executor = executor;
    }

    void submit(String key, Runnable task) {
        boolean[] startDrain = {false};
        pending.incrementAndGet();
        queues.compute(key, (k, queue) -> {
            if (queue == null) {
                queue = new ArrayDeque<>();
                startDrain[0] = true;
            }
            queue.addLast(task);
            return queue;
        });
        if (startDrain[0]) {
            try {
                executor.execute(() -> drain(key));
            } catch (RuntimeException rejected) {
                // Shutting down: drop this key's work rather than run handlers on the caller (the event loop).
                var dropped = queues.remove(key);
                pending.addAndGet(-(dropped == null ? 0 : dropped.size()));
                log.debug("Dropped events for key {}: executor rejected the drain ({})", key, rejected.toString());
            }
        }
    }

    private void drain(String key) {
        Runnable[] next = {null};
        queues.computeIfPresent(key, (k, queue) -> {
            next[0] = queue.peekFirst();
            return queue;
        });
        while (next[0] != null) {
            try {
                next[0].run();
            } catch (Throwable t) {
                // One bad handler must not stop the key's later events (its hangup, say).
                log.error("ARI event handler failed for key {}", key, t);
            }
            pending.decrementAndGet();
            next[0] = null;
            queues.computeIfPresent(key, (k, queue) -> {
                queue.pollFirst();
                next[0] = queue.peekFirst();
                return queue.isEmpty() ? null : queue;
            });
        }
    }

    /** Tasks submitted but not finished, over all keys. */
    int pending() {
        return pending.get();
    }

    /** Keys that currently have queued or running work. */
    int activeKeys() {
        return queues.size();
    }
}
