package org.maskline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keeper's decisions on a hand-moved monotonic clock and a scripted lease table. */
class LeaseKeeperTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    /** A lease table that answers what the test says and records what it was asked. */
    private static final class Table implements Leases {
        OptionalLong nextAcquire = OptionalLong.empty();
        boolean nextRenew = true;
        final List<String> calls = new ArrayList<>();
        final AtomicLong clock;

        Table(AtomicLong clock) {
            this.clock = clock;
        }

        long statementNanos; // how long each statement "takes" on the clock

        @Override
        public OptionalLong acquire(String app, String node, String holder, Duration lease) {
            clock.addAndGet(statementNanos);
            calls.add("acquire");
            return nextAcquire;
        }

        @Override
        public boolean renew(String app, String node, String holder, long epoch, Duration lease) {
            clock.addAndGet(statementNanos);
            calls.add("renew " + epoch);
            return nextRenew;
        }

        @Override
        public void release(String app, String node, String holder, long epoch) {
            calls.add("release " + epoch);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Table table = new Table(now);
    private final List<String> roles = new ArrayList<>();
    private final LeaseKeeper keeper = new LeaseKeeper(table, "maskline", "127.0.0.1:8088", "test", LEASE,
            new LeaseKeeper.Role() {
                @Override
                public void becameActive(long epoch) {
                    roles.add("active " + epoch);
                }

                @Override
                public void stoppedBeingActive(String why) {
                    roles.add("standby");
                }
            }, now::get);

    @AfterEach
    void close() {
        keeper.close();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aStandbyStaysStandbyWhileAnotherHoldsTheLease() {
        keeper.tick();
        keeper.tick();
        assertFalse(keeper.isActive());
        assertFalse(keeper.mayAct());
        assertEquals(List.of(), roles);
    }

    @Test
    void theGateClosesTwoThirdsOfALeaseAfterTheLastRenewalStartedWithoutAnyThreadRunning() {
        table.nextAcquire = OptionalLong.of(7);
        keeper.tick();
        assertEquals(List.of("active 7"), roles);
        assertTrue(keeper.mayAct());
        advance(Duration.ofMillis(1999));
        assertTrue(keeper.mayAct());
        advance(Duration.ofMillis(1));
        // Others can take the lease only 3 s after the statement; this instance stopped acting at 2 s.
        assertFalse(keeper.mayAct(), "a paused process wakes up refused by its own gate");
        keeper.checkDeadline();
        assertEquals(List.of("active 7", "standby"), roles);
        assertFalse(keeper.isActive());
    }

    @Test
    void aRenewalExtendsFromTheMomentBeforeItsStatementNotAfter() {
        table.nextAcquire = OptionalLong.of(1);
        keeper.tick();
        advance(Duration.ofSeconds(1));
        table.statementNanos = Duration.ofMillis(900).toNanos(); // a slow database
        keeper.tick();
        assertEquals("renew 1", table.calls.get(1));
        // Renewed from t=1 s: may act until 3 s, not 1.9 + 2 s.
        advance(Duration.ofMillis(1099));
        assertTrue(keeper.mayAct());
        advance(Duration.ofMillis(1));
        assertFalse(keeper.mayAct());
    }

    @Test
    void aLostRenewalStepsDownAtOnceAndTheNextTakingHasANewEpoch() {
        table.nextAcquire = OptionalLong.of(3);
        keeper.tick();
        table.nextRenew = false;
        keeper.tick();
        assertEquals(List.of("active 3", "standby"), roles);
        assertFalse(keeper.mayAct());
        table.nextAcquire = OptionalLong.of(5);
        keeper.tick();
        assertEquals(List.of("active 3", "standby", "active 5"), roles);
        assertEquals(OptionalLong.of(5), keeper.epoch());
    }

    @Test
    void aLeaseThatTookLongerThanItsSafeWindowToTakeIsNotUsed() {
        table.nextAcquire = OptionalLong.of(2);
        table.statementNanos = Duration.ofMillis(2500).toNanos();
        keeper.tick();
        assertFalse(keeper.isActive());
        assertEquals(List.of(), roles);
    }

    @Test
    void releaseClosesTheGateAndEndsTheLeaseWithoutTellingTheRole() {
        table.nextAcquire = OptionalLong.of(4);
        keeper.tick();
        keeper.release();
        assertFalse(keeper.mayAct());
        assertEquals(List.of("acquire", "release 4"), table.calls);
        assertEquals(List.of("active 4"), roles);
        keeper.tick();
        assertEquals(2, table.calls.size(), "a released keeper never takes the lease again");
    }
}
