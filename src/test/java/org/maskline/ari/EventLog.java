package org.maskline.ari;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.maskline.it.Sandbox;

/**
 * A listener for integration tests: keeps every event in arrival order, lets a test wait for one with a deadline,
 * and optionally reacts to each event (the reaction runs on the client's handler thread, like real call flow code).
 */
final class EventLog implements AriListener {
    private final List<AriEvent> events = new ArrayList<>();
    private final List<Boolean> connects = new ArrayList<>();
    private final List<Throwable> disconnects = new ArrayList<>();
    private volatile Consumer<AriEvent> reaction = e -> {};

    static AriClient connect(String node, EventLog log) throws Exception {
        var client = new AriClient(AriConfig.of(node, URI.create(Sandbox.ARI_URL), Sandbox.ARI_USER,
                Sandbox.ARI_PASSWORD, Sandbox.ARI_APP), log);
        client.start();
        client.whenConnected().get(15, TimeUnit.SECONDS);
        return client;
    }

    void react(Consumer<AriEvent> r) {
        reaction = r;
    }

    @Override
    public void onEvent(AriEvent event) {
        reaction.accept(event);
        synchronized (this) {
            events.add(event);
            notifyAll();
        }
    }

    @Override
    public synchronized void onConnected(boolean reconnected) {
        connects.add(reconnected);
        notifyAll();
    }

    @Override
    public synchronized void onDisconnected(Throwable cause) {
        disconnects.add(cause);
        notifyAll();
    }

    synchronized List<AriEvent> all() {
        return List.copyOf(events);
    }

    /** The events whose ordering key is {@code key}, in the order the listener received them. */
    synchronized List<AriEvent> forKey(String key) {
        return events.stream().filter(e -> e.orderingKey().equals(key)).toList();
    }

    <T extends AriEvent> T await(Class<T> type, Predicate<T> match, Duration deadline) throws InterruptedException {
        return type.cast(awaitAny(e -> type.isInstance(e) && match.test(type.cast(e)), deadline));
    }

    synchronized AriEvent awaitAny(Predicate<AriEvent> match, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int scanned = 0;
        while (true) {
            for (; scanned < events.size(); scanned++) {
                if (match.test(events.get(scanned))) {
                    return events.get(scanned);
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching ARI event within " + deadline.toMillis() + " ms; saw "
                        + events.stream().map(AriEvent::type).toList());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized int count(Predicate<AriEvent> match) {
        return (int) events.stream().filter(match).count();
    }

    synchronized void awaitCount(Predicate<AriEvent> match, int n, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (count(match) < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + count(match) + " of " + n + " events within " + deadline.toMillis() + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized Throwable awaitDisconnect(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (disconnects.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not disconnected within " + deadline.toMillis() + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return disconnects.get(0);
    }

    /** Waits for an onConnected(reconnected=true). */
    synchronized void awaitReconnect(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!connects.contains(Boolean.TRUE)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no reconnection within " + deadline.toMillis() + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
