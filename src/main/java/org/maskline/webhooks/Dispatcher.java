package org.maskline.webhooks;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims a batch of due stream heads, posts them in parallel, deletes the
 * delivered ones and reschedules the others with exponential backoff, until the event is
 * {@link Outbox#MAX_AGE} old; then it is listed as failed and its stream moves on.
 *
 * <p>At least once: a row is deleted only after a 2xx answer, so a crash between the answer and the
 * delete sends it again (receivers deduplicate by event id). In order per session: only the lowest
 * pending row of a stream is ever claimed. Several instances on one PostgreSQL may each run a
 * dispatcher: a claim is an expiring lease on the rows, taken by a conditional UPDATE, so no head is
 * delivered by two at once; the rows of a dispatcher that died are retaken when its claim expires.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * @param requestTimeout how long one delivery may take
     * @param batch          stream heads claimed (and posted in parallel) per round
     * @param idlePoll       how often an empty outbox is looked at again
     * @param firstBackoff   the wait after a first failure; doubled each time, up to {@code maxBackoff}
     */
    public record Settings(Duration requestTimeout, int batch, Duration idlePoll, Duration firstBackoff, Duration maxBackoff,
                           Duration failedRetention) {
        /** @param failedRetention how long failed events stay listed (the store's retention period) */
        public static Settings of(Duration requestTimeout, Duration failedRetention) {
            return new Settings(requestTimeout, 200, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(10),
                    failedRetention);
        }
    }

    private final Transactions db;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Settings settings;
    private final Clock clock;
    private final BackendClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean closed;
    private Thread thread;
    private boolean failing;
    private long depthAt;
    private long purgedAt;

    public Dispatcher(Transactions db, List<Target> targets, Settings settings, Clock clock) {
        this.db = db;
        for (Target t : targets) this.targets.put(t.name(), t);
        this.settings = settings;
        this.clock = clock;
        this.http = new BackendClient(settings.requestTimeout().compareTo(Duration.ofSeconds(5)) < 0
                ? settings.requestTimeout() : Duration.ofSeconds(5));
    }

    /** Delivers on a thread of its own until {@link #close()}. */
    public synchronized Dispatcher start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("maskline-webhooks").start(this::run);
            log.info("webhooks: delivering to {}", targets.isEmpty() ? "no target (events are discarded)" : String.join(", ", targets.keySet()));
        }
        return this;
    }

    /** Looks at the outbox now rather than at the next poll (after a retry, in tests). */
    public void nudge() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Duration pause = settings.idlePoll();
        while (!closed) {
            int n;
            try {
                n = runOnce();
                pause = settings.idlePoll();
            } catch (RuntimeException e) {
                // The database is away: try again with a growing pause; nothing is lost, the rows wait.
                if (!failing) log.warn("webhooks: outbox unavailable ({}); retrying", e.getMessage());
                failing = true;
                n = 0;
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : pause.multipliedBy(2);
            }
            if (n == 0 && !closed) {
                lock.lock();
                try {
                    wake.await(pause.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** What one attempt came to. */
    private record Attempt(OutboxRows.Pending row, boolean delivered, boolean discarded, String error) {}

    /**
     * One round: claims due heads, delivers them, records the results.
     *
     * @return rows handled (0 when nothing was due)
     */
    public int runOnce() {
        Instant now = clock.instant();
        if (now.toEpochMilli() - depthAt >= 1000) {
            depthAt = now.toEpochMilli();
            var d = db.read(OutboxRows::depth);
            WebhookMetrics.OUTBOX_DEPTH.set(d.pending());
            WebhookMetrics.OUTBOX_FAILED.set(d.failed());
        }
        if (now.toEpochMilli() - purgedAt >= 3_600_000) {
            purgedAt = now.toEpochMilli();
            Instant cutoff = now.minus(settings.failedRetention());
            while (db.inTransaction(c -> OutboxRows.purgeFailedBefore(c, cutoff, 1000)) == 1000 && !closed) { }
        }
        String claim = UUID.randomUUID().toString();
        Instant until = now.plus(settings.requestTimeout()).plusSeconds(30);
        List<OutboxRows.Pending> rows = db.inTransaction(c -> OutboxRows.claim(c, claim, now, until, settings.batch()));
        if (failing) log.info("webhooks: outbox available again");
        failing = false;
        if (rows.isEmpty()) return 0;

        List<Future<Attempt>> running = new ArrayList<>(rows.size());
        for (OutboxRows.Pending row : rows) running.add(senders.submit(() -> attempt(row)));
        List<Long> done = new ArrayList<>();
        List<Attempt> failed = new ArrayList<>();
        for (Future<Attempt> f : running) {
            Attempt a;
            try {
                a = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return rows.size(); // the claim expires; another round delivers them
            } catch (java.util.concurrent.ExecutionException e) {
                a = new Attempt(rows.get(running.indexOf(f)), false, false, String.valueOf(e.getCause()));
            }
            if (a.delivered() || a.discarded()) done.add(a.row().seq());
            else failed.add(a);
        }
        Instant after = clock.instant();
        db.inTransaction(c -> {
            OutboxRows.delivered(c, claim, done);
            for (Attempt a : failed) {
                OutboxRows.Pending r = a.row();
                if (!after.isBefore(r.giveUpAt())) {
                    OutboxRows.gaveUp(c, claim, r.seq(), after, a.error());
                } else {
                    Instant next = after.plus(backoff(r.attempts()));
                    OutboxRows.retryLater(c, claim, r.seq(), next.isAfter(r.giveUpAt()) ? r.giveUpAt() : next, a.error());
                }
            }
            return null;
        });
        for (Attempt a : failed) {
            boolean gaveUp = !after.isBefore(a.row().giveUpAt());
            WebhookMetrics.DELIVERIES.labelValues(a.row().target(), gaveUp ? "gave_up" : "retry").inc();
            if (gaveUp) {
                log.warn("webhooks: event {} ({}) gave up after {} attempts: {}", a.row().event().id(), a.row().event().type(),
                        a.row().attempts() + 1, a.error());
            }
        }
        return rows.size();
    }

    private Attempt attempt(OutboxRows.Pending row) {
        Target t = targets.get(row.target());
        if (t == null) {
            WebhookMetrics.DELIVERIES.labelValues(row.target(), "discarded").inc();
            return new Attempt(row, false, true, null);
        }
        Optional<OutgoingRequest> req = t.request(row.event(), clock.instant());
        if (req.isEmpty()) {
            WebhookMetrics.DELIVERIES.labelValues(row.target(), "discarded").inc();
            return new Attempt(row, false, true, null);
        }
        String error;
        try {
            HttpResponse<byte[]> r = http.post(req.get(), settings.requestTimeout());
            if (r.statusCode() / 100 == 2) {
                WebhookMetrics.DELIVERIES.labelValues(row.target(), "delivered").inc();
                WebhookMetrics.DELIVERY_SECONDS.observe(
                        Math.max(0, clock.instant().toEpochMilli() - row.event().createdAt().toEpochMilli()) / 1000.0);
                return new Attempt(row, true, false, null);
            }
            error = "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) { // IOException, a timeout, a refused connection
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (row.attempts() == 0) {
            log.debug("webhooks: event {} to {} not delivered: {}", row.event().id(), BackendClient.where(req.get().uri()), error);
        }
        return new Attempt(row, false, false, error);
    }

    /** 1 s, 2 s, 4 s ... up to the maximum, each within 20 % either way so that retries do not march in step. */
    Duration backoff(int attemptsBefore) {
        long base = settings.firstBackoff().toMillis() << Math.min(attemptsBefore, 30);
        long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, settings.maxBackoff().toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }

    @Override
    public void close() {
        closed = true;
        nudge();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(settings.requestTimeout().toMillis() + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdownNow();
    }
}
