package org.maskline.cluster;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes, renews and gives up one ARI application's lease, and tells its {@link Role} when this
 * instance becomes active or stops being active.
 *
 * <p>Timing. Every attempt notes the local monotonic time {@code t0} before it sends the statement;
 * the database then sets the expiry to its own now plus the lease, which is no earlier than
 * {@code t0 + lease}. This instance counts itself active only until {@code t0 + 2/3 lease} (it
 * renews every third, so it has a second try), and a watchdog closes the ARI side at that moment
 * if no renewal came. So it has stopped acting at least a third of a lease before any other
 * instance can see the lease expire, whatever the clocks of the machines say. {@link #mayAct()}
 * reads the same deadline, so a process that was paused (SIGSTOP, a long GC) and wakes up past it
 * is refused by its own ARI client before any thread gets to touch Asterisk.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    /** What the server does when the role changes; called one at a time, never concurrently. */
    public interface Role {
        void becameActive(long epoch);

        void stoppedBeingActive(String why);
    }

    private final Leases leases;
    private final String app;
    private final String node;
    private final String holder;
    private final Duration lease;
    private final Role role;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService ticker;
    private final ScheduledExecutorService watchdog;
    /** Role changes happen under it, so becoming active waits until stepping down has finished. */
    private final ReentrantLock roleLock = new ReentrantLock();

    private volatile boolean active;
    private volatile long epoch;
    /** Local monotonic time until which this instance may act; meaningful only while active. */
    private volatile long deadline;
    private volatile boolean closed;
    private boolean warnedUnreachable;
    private ScheduledFuture<?> watch;

    public LeaseKeeper(Leases leases, String app, String node, String instanceId, Duration lease, Role role) {
        this(leases, app, node, instanceId, lease, role, System::nanoTime);
    }

    LeaseKeeper(Leases leases, String app, String node, String instanceId, Duration lease, Role role, LongSupplier nanoTime) {
        this.leases = leases;
        this.app = app;
        this.node = node;
        // The configured id names the instance for people; the suffix makes it unique per process, so two
        // instances configured with one id still cannot renew each other's lease.
        this.holder = instanceId + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = lease;
        this.role = role;
        this.nanoTime = nanoTime;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "maskline-lease"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "maskline-lease-watchdog"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Tries once now (so a free lease is taken before this returns), then every third of the lease. */
    public void start() {
        tick();
        long period = Math.max(1, lease.toMillis() / 3);
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** True while this instance holds the lease and is inside its safe window: the gate of every ARI action. */
    public boolean mayAct() {
        return active && nanoTime.getAsLong() - deadline < 0;
    }

    public boolean isActive() {
        return active;
    }

    /** The epoch of the lease held, or empty while standing by. */
    public OptionalLong epoch() {
        return active ? OptionalLong.of(epoch) : OptionalLong.empty();
    }

    /** This process's name in the lease row. */
    public String holder() {
        return holder;
    }

    void tick() {
        if (closed) return;
        try {
            if (active) {
                renew();
            } else {
                acquire();
            }
        } catch (RuntimeException e) {
            // The database is unreachable or slow: a standby keeps waiting; an active instance keeps
            // acting only until its deadline, when the watchdog steps it down.
            if (!warnedUnreachable) {
                log.warn("ARI lease for '{}' on {}: database not answering: {}", app, node, e.getMessage());
                warnedUnreachable = true;
            }
            return;
        }
        warnedUnreachable = false;
    }

    private void acquire() {
        long t0 = nanoTime.getAsLong();
        OptionalLong got = leases.acquire(app, node, holder, lease);
        if (got.isEmpty()) return;
        roleLock.lock();
        try {
            if (closed) {
                leases.release(app, node, holder, got.getAsLong());
                return;
            }
            epoch = got.getAsLong();
            deadline = t0 + safeWindow();
            active = true;
            if (!mayAct()) {
                // The statement itself took longer than the safe window: do not start on a lease already too old.
                active = false;
                return;
            }
            log.info("ARI lease for '{}' on {} taken by {} (epoch {}): this instance is active", app, node, holder, epoch);
            armWatchdog();
            role.becameActive(epoch);
        } finally {
            roleLock.unlock();
        }
    }

    private void renew() {
        long t0 = nanoTime.getAsLong();
        long e = epoch;
        boolean renewed = leases.renew(app, node, holder, e, lease);
        roleLock.lock();
        try {
            if (!active || epoch != e) return;
            if (renewed) {
                // Extend only from a point before the statement: the database's expiry is later still.
                deadline = t0 + safeWindow();
                armWatchdog();
            } else {
                stepDown("the lease (epoch " + e + ") was taken by another instance or expired");
            }
        } finally {
            roleLock.unlock();
        }
    }

    private long safeWindow() {
        return lease.toNanos() - lease.toNanos() / 3;
    }

    private void armWatchdog() {
        if (watch != null) watch.cancel(false);
        long delay = deadline - nanoTime.getAsLong();
        watch = watchdog.schedule(this::checkDeadline, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    void checkDeadline() {
        roleLock.lock();
        try {
            if (active && !mayAct()) {
                stepDown("the lease (epoch " + epoch + ") was not renewed in time");
            }
        } finally {
            roleLock.unlock();
        }
    }

    /** Under roleLock. */
    private void stepDown(String why) {
        active = false;
        if (watch != null) watch.cancel(false);
        log.warn("ARI lease for '{}' on {}: {}; this instance stands by", app, node, why);
        role.stoppedBeingActive(why);
    }

    /**
     * Stops acting at once and ends the lease in the database so a standby can take over without
     * waiting for it to expire. The role is not told: the caller is stopping and closes ARI itself.
     */
    public void release() {
        long e;
        boolean was;
        roleLock.lock();
        try {
            closed = true;
            was = active;
            e = epoch;
            active = false;
            if (watch != null) watch.cancel(false);
        } finally {
            roleLock.unlock();
        }
        ticker.shutdownNow();
        watchdog.shutdownNow();
        if (was) {
            try {
                leases.release(app, node, holder, e);
                log.info("ARI lease for '{}' on {} released (epoch {})", app, node, e);
            } catch (RuntimeException ex) {
                log.warn("ARI lease for '{}' on {} not released ({}); it expires within {}", app, node, ex.getMessage(), lease);
            }
        }
    }

    @Override
    public void close() {
        release();
    }
}
