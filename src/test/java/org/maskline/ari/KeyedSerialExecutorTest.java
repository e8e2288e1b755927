package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedSerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final KeyedSerialExecutor executor = new KeyedSerialExecutor(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyRunInSubmissionOrderAndNeverOverlap() throws Exception {
        int keys = 50;
        int perKey = 400;
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        var overlaps = new AtomicInteger();
        var done = new CountDownLatch(keys * perKey);
        // Interleave submissions of all keys from several threads, as the event loop and REST callbacks would.
        var submitters = Executors.newFixedThreadPool(4);
        for (int k = 0; k < keys; k++) {
            String key = "chan-" + k;
            seen.put(key, java.util.Collections.synchronizedList(new ArrayList<>()));
            running.put(key, new AtomicInteger());
        }
        var order = new CountDownLatch(keys);
        for (int k = 0; k < keys; k++) {
            String key = "chan-" + k;
            submitters.execute(() -> {
                for (int i = 0; i < perKey; i++) {
                    int seq = i;
                    executor.submit(key, () -> {
                        if (running.get(key).incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (ThreadLocalRandom.current().nextInt(50) == 0) {
                            Thread.yield();
                        }
                        seen.get(key).add(seq);
                        running.get(key).decrementAndGet();
                        done.countDown();
                    });
                }
                order.countDown();
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "all tasks ran");
        submitters.shutdown();
        assertEquals(0, overlaps.get(), "two tasks of one key ran at the same time");
        for (var e : seen.entrySet()) {
            var expected = new ArrayList<Integer>();
            for (int i = 0; i < perKey; i++) {
                expected.add(i);
            }
            assertEquals(expected, e.getValue(), "order of " + e.getKey());
        }
    }

    @Test
    void differentKeysRunInParallel() throws Exception {
        // Each key's task waits for the other: only parallel execution lets both finish.
        var aStarted = new CountDownLatch(1);
        var bStarted = new CountDownLatch(1);
        var both = new CountDownLatch(2);
        executor.submit("a", () -> {
            aStarted.countDown();
            if (await(bStarted)) {
                both.countDown();
            }
        });
        executor.submit("b", () -> {
            bStarted.countDown();
            if (await(aStarted)) {
                both.countDown();
            }
        });
        assertTrue(both.await(5, TimeUnit.SECONDS), "keys a and b did not run concurrently");
    }

    @Test
    void aBlockedKeyHoldsBackOnlyItsOwnLaterTasks() throws Exception {
        var release = new CountDownLatch(1);
        var secondOfA = new AtomicReference<String>("not run");
        var otherKeyRan = new CountDownLatch(1);
        executor.submit("a", () -> await(release));
        executor.submit("a", () -> secondOfA.set("ran"));
        executor.submit("b", otherKeyRan::countDown);
        assertTrue(otherKeyRan.await(5, TimeUnit.SECONDS));
        assertEquals("not run", secondOfA.get(), "a's second task overtook its blocked first task");
        release.countDown();
        Await.until("a's second task", Duration.ofSeconds(5), () -> "ran".equals(secondOfA.get()));
    }

    @Test
    void idleKeysAreForgotten() throws Exception {
        var done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            executor.submit("call-" + i, done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        Await.until("all keys removed", Duration.ofSeconds(5), () -> executor.activeKeys() == 0);
        assertEquals(0, executor.pending());
    }

    @Test
    void aFailingTaskDoesNotStopTheKey() throws Exception {
        var after = new CountDownLatch(1);
        executor.submit("k", () -> {
            throw new IllegalStateException("handler bug (expected in this test)");
        });
        executor.submit("k", after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }

    @Test
    void rejectedDrainDropsWorkInsteadOfRunningItOnTheCaller() {
        var dead = Executors.newSingleThreadExecutor();
        dead.shutdown();
        var ex = new KeyedSerialExecutor(dead);
        var ranOn = new AtomicReference<Thread>();
        ex.submit("k", () -> ranOn.set(Thread.currentThread()));
        assertEquals(null, ranOn.get());
        assertEquals(0, ex.activeKeys());
        assertEquals(0, ex.pending());
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
