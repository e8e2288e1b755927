package org.maskline.messages;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriException;
import org.maskline.calls.Sanitizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARI side of messaging on one Asterisk node: subscribes the application to the trunk endpoint
 * on every connect (so Asterisk answers the carrier's MESSAGEs 202 and hands them over as
 * {@code TextMessageReceived}, with no channel and no dialplan), and relays each one on a virtual
 * thread, one at a time per sender so that a conversation keeps its order.
 *
 * <p>At most {@link #MAX_PENDING} messages wait at once; beyond that (a flood) they are dropped
 * and counted, so a flood costs memory it cannot grow past.
 */
public final class MessageRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageRelay.class);
    static final int MAX_PENDING = 10_000;
    /** Subscriptions undone at most at a stop (each crash that left one adds one). */
    static final int MAX_UNSUBSCRIBES = 20;

    private final TextPort port;
    private final Messenger messenger;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentHashMap<String, ArrayDeque<InboundText>> bySender = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger droppedSinceLog = new AtomicInteger();

    public MessageRelay(TextPort port, Messenger messenger) {
        this.port = port;
        this.messenger = messenger;
    }

    /**
     * Every connect, first or after a gap: subscribe, unless the application already is (a reconnect,
     * or a subscription a crashed Maskline left). Asterisk counts subscriptions and one unsubscribe
     * undoes only one, so subscribing again each time would leave the trunk subscribed after a clean stop.
     */
    public void onConnected() {
        port.isSubscribed().thenCompose(already -> already ? CompletableFuture.completedFuture(null) : port.subscribe())
                .whenComplete((ok, t) -> {
                    if (t != null) {
                        log.error("could not subscribe to the trunk's messages; the carrier's MESSAGEs get 404: {}",
                                AriException.unwrap(t).getMessage());
                    } else {
                        log.info("receiving the trunk's text messages");
                    }
                });
    }

    /** Takes one event; returns at once (it is called on the ARI client's event thread). */
    public void onEvent(AriEvent.TextMessageReceived e) {
        if (e.message() == null) return;
        InboundText in = InboundText.of(e.message(), System.nanoTime());
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            MessageMetrics.DROPPED.inc();
            if (droppedSinceLog.getAndIncrement() == 0) {
                log.warn("more than {} messages waiting: dropping the carrier's messages until the backlog drains", MAX_PENDING);
            }
            return;
        }
        String key = in.sender();
        boolean[] start = {false};
        bySender.compute(key, (k, q) -> {
            if (q == null) {
                q = new ArrayDeque<>();
                start[0] = true;
            }
            q.addLast(in);
            return q;
        });
        if (start[0]) {
            try {
                pool.execute(() -> drain(key));
            } catch (RuntimeException rejected) { // closing
                var q = bySender.remove(key);
                pending.addAndGet(-(q == null ? 0 : q.size()));
            }
        }
    }

    private void drain(String key) {
        InboundText[] next = {null};
        bySender.computeIfPresent(key, (k, q) -> {
            next[0] = q.peekFirst();
            return q;
        });
        while (next[0] != null) {
            try {
                messenger.relay(next[0]);
            } catch (RuntimeException ex) {
                log.error("relaying a message from {} failed", Sanitizer.forLog(key), ex);
            }
            pending.decrementAndGet();
            next[0] = null;
            bySender.computeIfPresent(key, (k, q) -> {
                q.pollFirst();
                next[0] = q.peekFirst();
                return q.isEmpty() ? null : q;
            });
        }
        int dropped = droppedSinceLog.getAndSet(0);
        if (dropped > 0) log.warn("{} of the carrier's messages were dropped in a flood", dropped);
    }

    /** Messages taken and not yet relayed. */
    public int pending() {
        return pending.get();
    }

    /**
     * Stops taking messages: unsubscribes, so Asterisk answers the carrier 404 (the carrier knows the
     * message failed) instead of 202 and a silent loss while no Maskline reads them; then lets the
     * messages already taken finish within {@code deadline}.
     */
    public void stop(Duration deadline) {
        // Until none is left: a subscription a crashed Maskline left is undone too (Asterisk counts them).
        try {
            for (int i = 0; i < MAX_UNSUBSCRIBES && port.isSubscribed().get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS); i++) {
                port.unsubscribe().get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            log.warn("could not unsubscribe from the trunk's messages: {}", AriException.unwrap(e).getMessage());
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS)) {
                log.warn("{} messages still being relayed at stop", pending.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes without unsubscribing (the lease was lost: another instance holds the application now). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
