package org.maskline.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.maskline.store.LeaseRepository;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.PostgresSandbox;

/**
 * Two Maskline processes on one PostgreSQL and one Asterisk: one active, one standby. The active
 * one is paused past its lease, killed with SIGKILL under calls, or stopped with SIGTERM under
 * calls; the standby takes over and every call is finished as if nothing happened.
 */
@ExtendWith(SandboxExtension.class)
class StandbyIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** The bound for a takeover after the active instance dies. */
    private static final Duration TAKEOVER = Duration.ofSeconds(5);
    private static final String NODE = "127.0.0.1:8088";

    private PostgresSandbox.Schema schema;
    private Store store;
    private Path dir;
    private Instance a;
    private Instance b;

    @BeforeEach
    void twoInstances() throws Exception {
        schema = PostgresSandbox.freshSchema();
        store = Store.open(new StoreSettings(schema.url(), "", "", 2, Duration.ofDays(1)), Clock.systemUTC());
        store.numbers().add(CallFixture.POOL_A);
        store.numbers().add(CallFixture.POOL_B);
        dir = Files.createTempDirectory("maskline-standby");
        a = Instance.start("a", dir, Instance.env(schema.url(), 18520, Sandbox.ARI_APP)).awaitHealthy(DEADLINE)
                .awaitRole("active", DEADLINE);
        // b tried the lease once before it answered /health: a holds it, so b stands by (and is ready as such).
        b = Instance.start("b", dir, Instance.env(schema.url(), 18521, Sandbox.ARI_APP)).awaitHealthy(DEADLINE)
                .awaitRole("standby", DEADLINE);
        assertEquals("active", a.role(), "the first instance stays active while its lease is valid");
        LeaseRepository.Holder h = lease();
        assertTrue(h.holder().startsWith("it-18520/") && h.epoch() == 1 && h.valid(), h.toString());
    }

    @AfterEach
    void down() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (store != null) store.close();
        if (schema != null) schema.close();
    }

    private LeaseRepository.Holder lease() {
        return store.leases().current(Sandbox.ARI_APP, NODE).orElseThrow(() -> new AssertionError("no lease row"));
    }

    @Test
    void aPausedActiveLosesTheLeaseToTheStandbyAndStepsDownWithoutActing(Sandbox sandbox) throws Exception {
        a.signal("STOP");
        long paused = System.nanoTime();
        b.awaitRole("active", Duration.ofSeconds(10));
        Duration takeover = Duration.ofNanos(System.nanoTime() - paused);
        LeaseRepository.Holder h = lease();
        assertTrue(h.holder().startsWith("it-18521/") && h.epoch() == 2, h.toString());
        assertTrue(takeover.compareTo(TAKEOVER) <= 0, "takeover took " + takeover);

        a.signal("CONT");
        a.awaitOutput("this instance stands by", DEADLINE);
        a.awaitRole("standby", DEADLINE);
        // The old active never connected again, and the lease stays with the new one.
        assertEquals(1, a.countOutput("ARI event socket up"), a.output());

        // Calls are routed by the new active instance, exactly once.
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 100);
             SippPhone caller = callers(sandbox, List.of(rider), List.of(proxyOf(s, rider)), 1, 500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
        }
        assertCompleted(awaitFinishedCall(rider));
        h = lease();
        assertTrue(h.holder().startsWith("it-18521/") && h.epoch() == 2 && h.valid(), h.toString());
        assertEquals("active", b.role());
    }

    @Test
    void afterKill9TheStandbyTakesOverWithin5sAndFinishesEveryBridgedAndRingingCall(Sandbox sandbox) throws Exception {
        int n = 6;
        List<String> riders = new ArrayList<>();
        List<String> drivers = new ArrayList<>();
        List<String> dialed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String rider = CallFixture.freshNumber();
            String driver = CallFixture.freshNumber();
            riders.add(rider);
            drivers.add(driver);
            dialed.add(proxyOf(openSession(rider, driver), rider));
        }
        // 5 calls/s; each callee rings 2 s, then talks until the caller hangs up 4 s after the answer.
        try (SippPhone callee = callees(sandbox, n, 2_000);
             SippPhone caller = callers(sandbox, riders, dialed, 5, 4_000)) {
            awaitAnswered(caller, n - 2); // most bridged and talking, the last two ringing
            java.time.Instant killedAt = java.time.Instant.now();
            a.kill9();
            long killed = System.nanoTime();
            b.awaitRole("active", Duration.ofSeconds(10));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            assertTrue(takeover.compareTo(TAKEOVER) <= 0, "takeover took " + takeover);

            assertEquals(0, caller.awaitExit(DEADLINE), "every call answered and hung up by its caller\n" + caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), "every callee got its caller's BYE\n" + callee.transcript());
            assertEquals(n, count(caller, m -> m.received() && m.status() == 200 && m.method().equals("INVITE")));
            assertEquals(n, count(callee, m -> m.received() && m.isRequest() && m.method().equals("BYE")));
            for (int i = 0; i < n; i++) {
                CallRecord r = awaitFinishedCall(riders.get(i));
                assertCompleted(r);
                java.time.Instant answered = PhoneTimes.answeredAt(callee, drivers.get(i));
                if (answered.isBefore(killedAt.minusMillis(500))) {
                    // True times for the calls the killed instance had time to log: the callee's phone's 200.
                    PhoneTimes.assertWithinASecond(answered, r.answeredAt(), "answer time of call " + i + " " + r);
                } else {
                    // Answered in the gap (or just before the kill, the row's write still queued): logged no
                    // earlier than the truth. Today the next instance logs when it found the call answered,
                    // not when it was; see issue 11's report.
                    assertTrue(!r.answeredAt().isBefore(answered.minusSeconds(1)), "answer time of call " + i + " " + r);
                }
            }
            // How many calls fall in the first group depends on the machine's timing; each is checked either way.
        }
        assertEquals(2, lease().epoch());
    }

    @Test
    void sigtermLeavesBridgedCallsToTheStandbyAndAnswersACallDuringTheStop(Sandbox sandbox) throws Exception {
        int n = 3;
        List<String> riders = new ArrayList<>();
        List<String> dialed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String rider = CallFixture.freshNumber();
            riders.add(rider);
            dialed.add(proxyOf(openSession(rider, CallFixture.freshNumber()), rider));
        }
        String late = CallFixture.freshNumber();
        Session lateSession = openSession(late, CallFixture.freshNumber());
        boolean lateAnswered;
        try (SippPhone callee = callees(sandbox, n + 1, 100);
             SippPhone caller = callers(sandbox, riders, dialed, 10, 5_000)) {
            awaitAnswered(caller, n);
            long stopped = System.nanoTime();
            a.signal("TERM");
            // A call arriving while the active instance stops: it gets a final answer, whoever gives it.
            try (SippPhone lateCaller = callers(sandbox, List.of(late), List.of(proxyOf(lateSession, late)), 1, 500)) {
                assertEquals(0, a.awaitExit(DEADLINE), "a graceful stop exits 0\n" + a.output());
                b.awaitRole("active", DEADLINE);
                Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
                assertTrue(takeover.compareTo(TAKEOVER) <= 0, "takeover after SIGTERM took " + takeover);
                lateCaller.awaitExit(DEADLINE);
                List<Integer> finals = lateCaller.received().stream().filter(m -> !m.isRequest() && m.status() >= 200)
                        .map(SipMessage::status).distinct().toList();
                assertTrue(finals.equals(List.of(503)) || finals.equals(List.of(200)),
                        "the call during the stop got " + finals + "\n" + lateCaller.transcript());
                lateAnswered = finals.equals(List.of(200)); // the standby had already taken over
            }
            assertTrue(a.output().contains("ARI lease for 'maskline' on " + NODE + " released"), a.output());
            assertEquals(0, caller.awaitExit(DEADLINE), "the bridged calls stayed up until their callers hung up\n"
                    + caller.transcript());
            assertEquals(n + (lateAnswered ? 1 : 0), count(callee, m -> m.received() && m.isRequest() && m.method().equals("BYE")),
                    callee.transcript());
        }
        for (String rider : riders) {
            assertCompleted(awaitFinishedCall(rider));
        }
        if (lateAnswered) assertCompleted(awaitFinishedCall(late));
        assertEquals(2, lease().epoch());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Session openSession(String rider, String driver) {
        return store.sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                new NewParticipant(driver, "driver"), java.time.Instant.now().plus(Duration.ofHours(1)), null));
    }

    private static String proxyOf(Session s, String number) {
        return CallFixture.proxyOf(s, number);
    }

    static SippPhone callees(Sandbox sandbox, int calls, long ringMs) throws Exception {
        return SippPhone.scenario("callee").fill("RING_MS", ringMs).fill("HOLD_MS", 60_000)
                .port(Sandbox.CARRIER_PORT).arg("-m", String.valueOf(calls)).listen(sandbox);
    }

    static SippPhone callers(Sandbox sandbox, List<String> from, List<String> dialed, int rate, long holdMs) throws Exception {
        SippPhone.Builder b = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", holdMs).rate(rate);
        for (int i = 0; i < from.size(); i++) {
            b.call(from.get(i), dialed.get(i), "Caller");
        }
        return b.dial(sandbox);
    }

    private static long count(SippPhone phone, java.util.function.Predicate<SipMessage> match) {
        return phone.messages().stream().filter(match).count();
    }

    private static void awaitAnswered(SippPhone caller, int calls) throws InterruptedException {
        Instance.await(DEADLINE, calls + " calls answered", () -> caller.received().stream()
                .filter(m -> m.status() == 200 && m.method().equals("INVITE")).count() >= calls);
    }

    private CallRecord awaitFinishedCall(String caller) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Optional<CallRecord> r = store.calls().search(Optional.empty(), Optional.empty(), 1000).stream()
                    .filter(c -> c.caller().equals(caller) && c.outcome() != null).findFirst();
            if (r.isPresent()) return r.get();
            Thread.sleep(20); // polling the store with a deadline: another process writes the row
        }
        throw new AssertionError("no finished call from " + caller + " within " + DEADLINE);
    }

    private static void assertCompleted(CallRecord r) {
        assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
        assertNotNull(r.answeredAt(), r.toString());
        assertNotNull(r.endedAt(), r.toString());
        assertTrue(!r.endedAt().isBefore(r.answeredAt()), r.toString());
    }
}
