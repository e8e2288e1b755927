package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.Session;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.store.CallLog;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * The database stops answering: a lookup that hangs (as one waiting for a pool connection does)
 * must not keep the caller waiting, and the rows wait in the queue until the database is back.
 */
@ExtendWith(SandboxExtension.class)
class DatabaseOutageIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static CallFixture maskline;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
    }

    @AfterAll
    static void down() {
        if (maskline != null) maskline.close();
    }

    @Test
    void duringAnOutageTheCallerGets503WithinASecondAndTheRowLandsOnRecovery(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, CallFixture.freshNumber());
        CountDownLatch recovered = new CountDownLatch(1);
        RouteLookup hanging = new RouteLookup() {
            @Override
            public Optional<Route> findRoute(String caller, String dialed) {
                try {
                    recovered.await(30, TimeUnit.SECONDS); // a database that does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new StoreUnavailableException("injected outage", null);
            }
        };
        CallLog down = new CallLog() {
            private void check() {
                if (recovered.getCount() > 0) throw new StoreUnavailableException("injected outage", null);
            }

            @Override
            public void started(CallRecord r) {
                check();
                maskline.store.calls().started(r);
            }

            @Override
            public void finished(CallRecord r) {
                check();
                maskline.store.calls().finished(r);
            }

            @Override
            public Optional<CallRecord> find(String id) {
                check();
                return maskline.store.calls().find(id);
            }
        };
        maskline.use(CallFixture.settings(), hanging, down);
        try (SippPhone callee = GapIT.callees(sandbox, 1, 100, 1_000);
             SippPhone caller = GapIT.caller(sandbox, rider, CallFixture.proxyOf(s, rider), 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            Instant invite = SipTrace.first(caller, m -> !m.received() && m.isRequest() && m.method().equals("INVITE"));
            Instant refused = SipTrace.first(caller, m -> m.received() && m.status() == 503);
            assertTrue(Duration.between(invite, refused).compareTo(Duration.ofSeconds(1)) < 0,
                    "503 after " + Duration.between(invite, refused).toMillis() + " ms");
            assertTrue(callee.received().isEmpty(), "nobody was dialed");
            assertTrue(maskline.callsFrom(rider).isEmpty(), "no row while the database is down");
            assertTrue(maskline.router().pendingCallLogRows() > 0, "the row waits in the queue");

            recovered.countDown();
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.FAILED, r.outcome());
            assertEquals("store_unavailable", r.hangupCause());
            assertEquals(List.of(r), maskline.callsFrom(rider), "one row");
        } finally {
            recovered.countDown();
        }
    }
}
