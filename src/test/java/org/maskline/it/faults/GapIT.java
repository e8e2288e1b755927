package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * Gaps in which no Maskline is connected (one process stopped, the next not yet up): whatever
 * happened to a call meanwhile, the next Maskline finds it, finishes it and logs it truthfully.
 */
@ExtendWith(SandboxExtension.class)
class GapIT {
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

    @BeforeEach
    void defaults() {
        maskline.use(CallFixture.settings());
    }

    static SippPhone callees(Sandbox sandbox, int calls, long ringMs, long holdMs) throws Exception {
        return SippPhone.scenario("callee").fill("RING_MS", ringMs).fill("HOLD_MS", holdMs)
                .port(Sandbox.CARRIER_PORT).arg("-m", String.valueOf(calls)).listen(sandbox);
    }

    static SippPhone caller(Sandbox sandbox, String from, String dialed, long holdMs) throws Exception {
        return SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", holdMs)
                .call(from, dialed, "Caller").dial(sandbox);
    }

    /**
     * Waits until Maskline has logged the answer of the rider's call. The caller's 200 OK alone is not
     * enough: Asterisk answers the caller itself when the callee answers in their bridge, and a loaded
     * Maskline may read that event after the gap began (CallAdoptionTest covers that case: completed,
     * answer time unknown). These tests are about calls whose answer Maskline saw.
     */
    static void awaitAnswerLogged(String rider) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (maskline.callsFrom(rider).stream().noneMatch(r -> r.answeredAt() != null)) {
            if (System.nanoTime() > end) throw new AssertionError("Maskline never logged the answer of " + rider + "'s call");
            Thread.sleep(20); // polling the call log with a deadline
        }
    }

    static boolean isOk(SipMessage m) {
        return m.status() == 200 && m.method().equals("INVITE");
    }

    static boolean isBye(SipMessage m) {
        return m.isRequest() && m.method().equals("BYE");
    }

    @Test
    void aCallerWhoHangsUpDuringAGapGetsTheCalleeReleasedAndTheRowCompleted(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 100, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 1_500)) {
            caller.awaitReceived(GapIT::isOk, DEADLINE);
            awaitAnswerLogged(rider);
            maskline.stop();
            // The caller hangs up while no Maskline is there: the callee talks into a one-legged bridge.
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            maskline.startAgain();
            callee.awaitReceived(GapIT::isBye, DEADLINE);
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());

            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
            assertEquals("ended_while_unmonitored", r.hangupCause());
            SipTrace.assertWithinASecond(SipTrace.answeredAt(callee, driver), r.answeredAt(), "answer time");
            Instant bye = SipTrace.first(caller, m -> !m.received() && isBye(m));
            SipTrace.assertWithinASecond(bye, r.endedAt(), "end time (the caller's BYE)");
        }
    }

    @Test
    void aCallRingingAcrossAGapIsTakenOverAnsweredAndLoggedWithItsTrueTimes(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 2_500, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 1_500)) {
            caller.awaitReceived(m -> m.status() == 180, DEADLINE);
            maskline.stop();
            maskline.startAgain();
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(1, caller.received().stream().filter(GapIT::isOk).count(), "the caller was answered once");
            assertTrue(callee.received().stream().anyMatch(GapIT::isBye), "the callee got the caller's BYE");

            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
            assertEquals("caller_hangup", r.hangupCause());
            Instant answered = SipTrace.answeredAt(callee, driver);
            SipTrace.assertWithinASecond(answered, r.answeredAt(), "answer time");
            Instant bye = SipTrace.first(caller, m -> !m.received() && isBye(m));
            long talk = Duration.between(answered, bye).toMillis();
            long logged = Duration.between(r.answeredAt(), r.endedAt()).toMillis();
            assertTrue(Math.abs(talk - logged) <= 1000, "talk time " + logged + " ms logged, " + talk + " ms on the phones");
        }
    }

    @Test
    void callersHangingUpWhileSeveralCallsWaitInAGapAreAllCleanedUp(Sandbox sandbox) throws Exception {
        int n = 3;
        SippPhone.Builder callers = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_500).rate(n);
        List<String> riders = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String rider = CallFixture.freshNumber();
            Session s = maskline.openSession(rider, CallFixture.freshNumber());
            riders.add(rider);
            callers.call(rider, CallFixture.proxyOf(s, rider), "Caller");
        }
        try (SippPhone callee = callees(sandbox, n, 100, 60_000);
             SippPhone caller = callers.dial(sandbox)) {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (caller.received().stream().filter(GapIT::isOk).count() < n && System.nanoTime() < end) {
                Thread.sleep(20); // polling SIPp's trace with a deadline: every call answered
            }
            for (String rider : riders) awaitAnswerLogged(rider);
            maskline.stop();
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            maskline.startAgain();
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(n, callee.received().stream().filter(GapIT::isBye).count(), "every callee released");
            for (String rider : riders) {
                CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
                assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
                assertTrue(r.answeredAt() != null && r.endedAt() != null, r.toString());
            }
        }
    }
}
