package org.maskline.calls;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Each call owns one, so
 * events of its two legs and the results of its REST requests never race, without a lock held
 * across I/O and without a thread per call.
 */
final class SerialExecutor implements Executor {
    private final Executor pool;
    private final String callId;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    /** @param callId put in the logging context of every task, so a call's log lines carry its id */
    SerialExecutor(Executor pool, String callId) {
        this.pool = pool;
        this.callId = callId;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) return;
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            MDC.put("call", callId);
            try {
                next.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(SerialExecutor.class).error("call task failed", e);
            } finally {
                MDC.remove("call");
            }
        }
    }
}
