package org.maskline.callbacks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.maskline.sessions.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places callbacks whose target is available. Each tick it expires and settles requests in the
 * store, then claims the due ones (one conditional UPDATE each, so two instances never place the
 * same attempt) and hands them to the call flow. It acts only while {@code mayDial} says this
 * instance is the active one: a standby files requests but never calls.
 *
 * <p>Polling, not a notification, finds a target who became available: the change may have been
 * made through another instance's API, or by an {@code until} running out.
 */
public final class CallbackDialer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackDialer.class);
    /** Requests claimed per tick at most: a burst is spread over ticks instead of dialing all at once. */
    static final int BATCH = 10;

    /** Hands one attempt to the call flow. */
    @FunctionalInterface
    public interface Placer {
        /**
         * @param onEnd told once, when the call has ended: whether the target answered and was bridged
         * @return false when no call flow runs here now (the attempt is handed back untouched)
         */
        boolean place(String callId, Callback callback, Consumer<Boolean> onEnd);
    }

    private final CallbackStore store;
    private final CallbackSettings settings;
    private final String instance;
    private final BooleanSupplier mayDial;
    private final Placer placer;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maskline-callbacks");
        t.setDaemon(true);
        return t;
    });

    public CallbackDialer(CallbackStore store, CallbackSettings settings, String instance, BooleanSupplier mayDial,
                          Placer placer, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.instance = instance;
        this.mayDial = mayDial;
        this.placer = placer;
        this.clock = clock;
    }

    public CallbackDialer start() {
        long ms = settings.poll().toMillis();
        timer.scheduleWithFixedDelay(this::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The database is down, most likely: the requests wait in it; the next tick tries again.
            log.warn("callback dialer: {}", e.getMessage());
        }
    }

    /** One round; public for tests that drive the dialer step by step. */
    public void tick() {
        if (!mayDial.getAsBoolean()) return;
        Instant now = clock.instant();
        store.renew(instance, List.copyOf(inFlight), now.plus(CallbackSettings.CLAIM));
        int settled = store.sweep(now, settings.attempts());
        if (settled > 0) log.info("callbacks: {} expired or settled", settled);
        for (Callback cb : store.due(now, BATCH)) {
            if (!mayDial.getAsBoolean()) return;
            String callId = UUID.randomUUID().toString();
            if (!store.claim(cb.id(), instance, now.plus(CallbackSettings.CLAIM), callId)) continue; // another instance, or a cancel
            inFlight.add(cb.id());
            log.info("callback {}: attempt {} of {}: calling {}, then {}", cb.id(), cb.attempts() + 1, settings.attempts(),
                    PhoneNumbers.mask(cb.requester()), PhoneNumbers.mask(cb.target()));
            boolean placed;
            try {
                placed = placer.place(callId, cb, connected -> ended(cb, connected));
            } catch (RuntimeException e) {
                log.warn("callback {}: could not be placed: {}", cb.id(), e.getMessage());
                placed = false;
            }
            if (!placed) ended(cb, false);
        }
    }

    private void ended(Callback cb, boolean connected) {
        inFlight.remove(cb.id());
        try {
            store.attemptEnded(cb.id(), connected, settings.attempts(), clock.instant().plus(settings.retryDelay()))
                    .ifPresent(now -> log.info("callback {}: attempt ended {}; the request is {}", cb.id(),
                            connected ? "connected" : "unconnected", now.status().code()));
        } catch (RuntimeException e) {
            // Its claim runs out and the sweep settles it from the call log.
            log.warn("callback {}: the attempt's end was not stored ({}); the next sweep settles it", cb.id(), e.getMessage());
        }
    }

    /** Attempts this instance has in progress. */
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
