package org.maskline.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.store.LeaseRepository;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.PostgresSandbox;

/** The lease table on real PostgreSQL: one holder at a time, by the database's clock, with an epoch per taking. */
class LeaseIT {
    private static final Duration LONG = Duration.ofSeconds(60);
    private PostgresSandbox.Schema schema;
    private Store store;
    private LeaseRepository leases;

    @BeforeEach
    void open() {
        schema = PostgresSandbox.freshSchema();
        store = Store.open(new StoreSettings(schema.url(), "", "", 12, Duration.ofDays(1)), Clock.systemUTC());
        leases = store.leases();
    }

    @AfterEach
    void close() {
        store.close();
        schema.close();
    }

    @Test
    void aValidLeaseIsNeverTakenAndAnEndedOneIsTakenWithTheNextEpoch() {
        assertEquals(OptionalLong.of(1), leases.acquire("app", "node", "a/1", LONG));
        assertEquals(OptionalLong.empty(), leases.acquire("app", "node", "b/1", LONG), "a holds it");
        assertTrue(leases.renew("app", "node", "a/1", 1, LONG));
        assertFalse(leases.renew("app", "node", "b/1", 1, LONG), "only the holder renews");
        leases.release("app", "node", "a/1", 1);
        assertEquals(OptionalLong.of(2), leases.acquire("app", "node", "b/1", LONG), "released: taken at once");
        assertFalse(leases.renew("app", "node", "a/1", 1, LONG), "the old holder's epoch is gone");
        leases.release("app", "node", "a/1", 1); // a stale release changes nothing
        assertEquals(OptionalLong.empty(), leases.acquire("app", "node", "a/1", LONG));
        assertEquals(new LeaseRepository.Holder("b/1", 2, true), leases.current("app", "node").orElseThrow());
        assertEquals(OptionalLong.of(1), leases.acquire("app", "other-node", "a/1", LONG), "one lease per node");
    }

    @Test
    void anExpiredLeaseCannotBeRenewedAndIsTakenOver() {
        // A zero-length lease is expired the moment it is written: no waiting for a clock.
        assertEquals(OptionalLong.of(1), leases.acquire("app", "node", "a/1", Duration.ZERO));
        assertFalse(leases.renew("app", "node", "a/1", 1, LONG), "expired: renewing would revive a lease others may hold");
        assertEquals(OptionalLong.of(2), leases.acquire("app", "node", "b/1", LONG));
    }

    @Test
    void ofManyInstancesRacingForAnExpiredLeaseExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String app = "race-" + round;
            if (round % 2 == 1) {
                assertTrue(leases.acquire(app, "node", "old/1", Duration.ZERO).isPresent()); // an expired row to fight over
            }
            int racers = 10;
            CyclicBarrier start = new CyclicBarrier(racers);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            List<Future<OptionalLong>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String holder = "racer-" + i + "/x";
                results.add(pool.submit(() -> {
                    start.await();
                    return leases.acquire(app, "node", holder, LONG);
                }));
            }
            int winners = 0;
            for (Future<OptionalLong> f : results) {
                if (f.get().isPresent()) winners++;
            }
            pool.shutdown();
            assertEquals(1, winners, "round " + round);
            assertEquals(round % 2 == 1 ? 2 : 1, leases.current(app, "node").orElseThrow().epoch());
        }
    }
}
