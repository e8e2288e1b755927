package org.maskline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.calls.CallSettings;
import org.maskline.config.Unroutable;
import org.maskline.sessions.Session;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.store.CallLog;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * The masked call through the real Asterisk sandbox: SIPp phones on both sides, and every
 * assertion about what a phone was shown is made on the messages that phone received.
 */
@ExtendWith(SandboxExtension.class)
class MaskedCallIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String CALLER_NAME = "Alice Realname";
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

    // ---- phones --------------------------------------------------------------------------------

    private static SippPhone callees(Sandbox sandbox, int calls, long ringMs, long holdMs) throws Exception {
        return SippPhone.scenario("callee").fill("RING_MS", ringMs).fill("HOLD_MS", holdMs)
                .port(Sandbox.CARRIER_PORT).arg("-m", String.valueOf(calls)).listen(sandbox);
    }

    private static SippPhone refusingCallee(Sandbox sandbox, int code, String reason) throws Exception {
        return SippPhone.scenario("callee-reject").fill("RING_MS", 300).fill("CODE", code).fill("REASON", reason)
                .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
    }

    private static SippPhone caller(Sandbox sandbox, String from, String dialed, long holdMs) throws Exception {
        return SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", holdMs)
                .call(from, dialed, CALLER_NAME).dial(sandbox);
    }

    private static List<Integer> finalResponses(SippPhone phone) {
        return phone.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(s -> s >= 200).toList();
    }

    private static List<SipMessage> requests(SippPhone phone, String method) {
        return phone.received().stream().filter(m -> m.isRequest() && m.method().equals(method)).toList();
    }

    /** No message the callee's phone received carries the caller's number (in any shape) or name. */
    private static void assertCalleeShownNothingOf(SippPhone callee, String callerNumber) {
        assertShownNothingOf(callee, callerNumber);
        for (SipMessage m : callee.received()) {
            assertFalse(m.raw().contains(CALLER_NAME), () -> "leaked the caller's display name in:\n" + m.raw());
        }
    }

    /** No message the phone received carries any of these numbers, in any shape. */
    private static void assertShownNothingOf(SippPhone phone, String... realNumbers) {
        for (SipMessage m : phone.received()) {
            for (String n : realNumbers) {
                String digits = n.replace("+", "");
                // The national part catches 0034..., 34... and local shapes alike.
                String national = digits.substring(2);
                assertFalse(m.raw().contains(national), () -> "leaked " + n + " in:\n" + m.raw());
            }
        }
    }

    // ---- the happy path ------------------------------------------------------------------------

    @Test
    void riderCallsDriverThroughTheProxyAndNeitherSeesTheOthersNumber(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        assertConnectedAndMasked(sandbox, s, rider, driver);
    }

    @Test
    void driverCallsBackAndRiderSeesTheProxyTheyKnow(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        assertConnectedAndMasked(sandbox, s, driver, rider);
    }

    private void assertConnectedAndMasked(Sandbox sandbox, Session s, String from, String to) throws Exception {
        String fromProxy = CallFixture.proxyOf(s, from);
        String toProxy = CallFixture.proxyOf(s, to);
        try (SippPhone callee = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, from, fromProxy, 1_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());

            SipMessage invite = requests(callee, "INVITE").getFirst();
            assertEquals(to, invite.requestUser(), "the callee's real number is dialed");
            assertEquals(toProxy, invite.headerUser("From").orElseThrow(), "the callee sees the proxy they know the caller by");
            assertEquals(toProxy, invite.headerUser("P-Asserted-Identity").orElseThrow());
            assertEquals(toProxy, invite.headerUser("Remote-Party-ID").orElseThrow());

            List<Integer> provisional = caller.received().stream().filter(m -> !m.isRequest())
                    .map(SipMessage::status).filter(c -> c > 100 && c < 200).toList();
            assertTrue(provisional.contains(180), "the caller hears ringing: " + provisional);
            assertEquals(List.of(200), finalResponses(caller), caller.transcript());
            assertEquals(1, requests(callee, "BYE").size(), "the callee is hung up when the caller hangs up");

            assertCalleeShownNothingOf(callee, from);
            assertShownNothingOf(caller, to);

            CallRecord r = maskline.awaitFinishedCall(from, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome());
            assertEquals(s.id(), r.sessionId());
            assertEquals(to, r.callee());
            assertEquals(fromProxy, r.proxyNumber());
            assertTrue(r.talkSeconds() >= 1, "talk time is logged: " + r);
        }
    }

    // ---- the callee does not talk --------------------------------------------------------------

    @Test
    void busyCalleeGivesTheCallerBusy(Sandbox sandbox) throws Exception {
        assertCalleeRefusal(sandbox, 486, "Busy Here", 486, CallOutcome.BUSY);
    }

    @Test
    void decliningCalleeGivesTheCallerARejection(Sandbox sandbox) throws Exception {
        // 603 becomes Q.850 21 (call rejected), which Asterisk signals as 403.
        assertCalleeRefusal(sandbox, 603, "Decline", 403, CallOutcome.FAILED);
    }

    @Test
    void unreachableCalleeGivesTheCallerServiceUnavailable(Sandbox sandbox) throws Exception {
        assertCalleeRefusal(sandbox, 503, "Service Unavailable", 503, CallOutcome.FAILED);
    }

    private void assertCalleeRefusal(Sandbox sandbox, int calleeSays, String reason, int callerGets, CallOutcome outcome)
            throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = refusingCallee(sandbox, calleeSays, reason);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 60_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(callerGets), finalResponses(caller), caller.transcript());
            assertShownNothingOf(caller, driver);
            assertCalleeShownNothingOf(callee, rider);
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(outcome, r.outcome(), r.toString());
            assertNull(r.answeredAt());
        }
    }

    @Test
    void ringTimeoutGivesTheCallerTemporarilyUnavailable(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 600_000, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 60_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(480), finalResponses(caller), caller.transcript());
            assertEquals(1, requests(callee, "CANCEL").size(), "the callee's INVITE is cancelled");
            assertEquals(CallOutcome.NO_ANSWER, maskline.awaitFinishedCall(rider, DEADLINE).outcome());
        }
    }

    @Test
    void callerHangingUpWhileTheCalleeRingsCancelsTheCallee(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 600_000, 60_000);
             SippPhone caller = SippPhone.scenario("caller-cancel").fill("CANCEL_AFTER_MS", 500)
                     .call(rider, CallFixture.proxyOf(s, rider), CALLER_NAME).dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(1, requests(callee, "CANCEL").size(), callee.transcript());
            assertEquals(CallOutcome.CANCELED, maskline.awaitFinishedCall(rider, DEADLINE).outcome());
        }
    }

    @Test
    void calleeHangingUpFirstHangsUpTheCaller(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 100, 1_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 60_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(1, requests(caller, "BYE").size(), caller.transcript());
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome());
            assertEquals("callee_hangup", r.hangupCause());
        }
    }

    @Test
    void maximumCallDurationHangsUpBothLegs(Sandbox sandbox) throws Exception {
        CallSettings d = CallFixture.settings();
        maskline.use(new CallSettings(d.app(), d.dialTemplate(), d.ringTimeout(), Duration.ofSeconds(2),
                d.defaultCountry(), d.unroutable(), d.announcement()));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 100, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 60_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(1, requests(caller, "BYE").size());
            assertEquals(1, requests(callee, "BYE").size());
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals("max_call_duration", r.hangupCause());
            assertTrue(r.talkSeconds() >= 1 && r.talkSeconds() <= 4, r.toString());
        }
    }

    @Test
    void aBridgedCallOutlivesAMasklineRestartAndIsStillTornDownAndLogged(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 100, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 4_000)) {
            caller.awaitReceived(m -> m.status() == 200 && m.method().equals("INVITE"), DEADLINE);
            maskline.restart();
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(1, requests(callee, "BYE").size(), "the new Maskline hangs up the callee when the caller leaves");
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome());
            assertEquals(s.id(), r.sessionId());
            assertTrue(r.talkSeconds() >= 3, r.toString());
        }
    }

    @Test
    void onConnectMasklineAsksAsteriskForOnlyTheEventsItReads() throws Exception {
        maskline.restart();
        try (AriProbe ari = new AriProbe()) {
            long end = System.nanoTime() + DEADLINE.toNanos();
            Set<String> allowed = new HashSet<>();
            while (allowed.isEmpty() && System.nanoTime() < end) {
                ari.get("/applications/" + Sandbox.ARI_APP).path("events_allowed")
                        .forEach(e -> allowed.add(e.path("type").asText()));
                if (allowed.isEmpty()) Thread.sleep(20); // the filter is set asynchronously after connect
            }
            assertTrue(allowed.containsAll(List.of("StasisStart", "StasisEnd", "Dial", "ChannelDestroyed")), allowed.toString());
            assertFalse(allowed.contains("ChannelVarset"), allowed.toString());
        }
    }

    // ---- unroutable calls ----------------------------------------------------------------------

    @Test
    void unknownCallerIsRejectedAndNobodyIsDialed(Sandbox sandbox) throws Exception {
        assertRejected(sandbox, CallFixture.freshNumber(), CallFixture.POOL_A);
    }

    @Test
    void callerOnAProxyNumberThatIsNotTheirsIsRejected(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, CallFixture.freshNumber());
        String notTheirs = CallFixture.proxyOf(s, rider).equals(CallFixture.POOL_A) ? CallFixture.POOL_B : CallFixture.POOL_A;
        assertRejected(sandbox, rider, notTheirs);
    }

    @Test
    void closedSessionRoutesNothing(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, CallFixture.freshNumber());
        maskline.store.sessions().close(s.id());
        assertRejected(sandbox, rider, CallFixture.proxyOf(s, rider));
    }

    @Test
    void expiredSessionRoutesNothing(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, CallFixture.freshNumber());
        maskline.store.sessions().extend(s.id(), Instant.now().minusSeconds(1));
        assertRejected(sandbox, rider, CallFixture.proxyOf(s, rider));
    }

    private void assertRejected(Sandbox sandbox, String from, String dialed) throws Exception {
        try (SippPhone callee = callees(sandbox, 1, 100, 1_000);
             SippPhone caller = caller(sandbox, from, dialed, 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(404), finalResponses(caller), caller.transcript());
            assertTrue(caller.received().stream().noneMatch(m -> m.status() == 180 || m.status() == 183),
                    "a rejected call never rings");
            CallRecord r = maskline.awaitFinishedCall(from, DEADLINE);
            assertEquals(CallOutcome.REJECTED, r.outcome());
            assertNull(r.sessionId());
            assertTrue(callee.received().isEmpty(), "nobody was dialed:\n" + callee.transcript());
        }
    }

    @Test
    void whenTheDatabaseCannotAnswerTheCallIsRejectedAndItsRowWrittenOnceItIsBack(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, CallFixture.freshNumber());
        // Fault injection around the real store: lookups fail, and the first two writes fail.
        AtomicInteger failedWrites = new AtomicInteger();
        CallLog flaky = new CallLog() {
            @Override
            public void started(CallRecord r) {
                throw new StoreUnavailableException("injected outage", null);
            }

            @Override
            public void finished(CallRecord r) {
                if (failedWrites.incrementAndGet() <= 2) throw new StoreUnavailableException("injected outage", null);
                maskline.store.calls().finished(r);
            }

            @Override
            public java.util.Optional<CallRecord> find(String id) {
                return maskline.store.calls().find(id);
            }
        };
        maskline.use(CallFixture.settings(), (caller, dialed) -> {
            throw new StoreUnavailableException("injected outage", null);
        }, flaky);
        try (SippPhone callee = callees(sandbox, 1, 100, 1_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(503), finalResponses(caller), "rejected, never guessed: " + caller.transcript());
            assertTrue(callee.received().isEmpty(), "nobody was dialed");
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.FAILED, r.outcome());
            assertEquals("store_unavailable", r.hangupCause());
            assertEquals(3, failedWrites.get(), "two failed writes, then the retry landed");
        }
    }

    @Test
    void announceModeAnswersPlaysAndHangsUp(Sandbox sandbox) throws Exception {
        CallSettings d = CallFixture.settings();
        maskline.use(new CallSettings(d.app(), d.dialTemplate(), d.ringTimeout(), d.maxCall(), d.defaultCountry(),
                new Unroutable.Announce(), "beep"));
        String stranger = CallFixture.freshNumber();
        try (SippPhone callee = callees(sandbox, 1, 100, 1_000);
             SippPhone caller = caller(sandbox, stranger, CallFixture.POOL_A, 60_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(200), finalResponses(caller), caller.transcript());
            assertEquals(1, requests(caller, "BYE").size(), "hung up after the announcement");
            assertEquals(CallOutcome.REJECTED, maskline.awaitFinishedCall(stranger, DEADLINE).outcome());
            assertTrue(callee.received().isEmpty(), "nobody was dialed");
        }
    }

    @Test
    void forwardModeRingsSupportShowingTheServiceNumber(Sandbox sandbox) throws Exception {
        String support = "+15550199";
        CallSettings d = CallFixture.settings();
        maskline.use(new CallSettings(d.app(), d.dialTemplate(), d.ringTimeout(), d.maxCall(), d.defaultCountry(),
                new Unroutable.Forward(support), d.announcement()));
        String stranger = CallFixture.freshNumber();
        try (SippPhone callee = callees(sandbox, 1, 100, 60_000);
             SippPhone caller = caller(sandbox, stranger, CallFixture.POOL_A, 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            SipMessage invite = requests(callee, "INVITE").getFirst();
            assertEquals(support, invite.requestUser());
            assertEquals(CallFixture.POOL_A, invite.headerUser("From").orElseThrow());
            assertCalleeShownNothingOf(callee, stranger);
            CallRecord r = maskline.awaitFinishedCall(stranger, DEADLINE);
            assertNull(r.sessionId());
            assertEquals(support, r.callee());
        }
    }

    // ---- many at once --------------------------------------------------------------------------

    @Test
    void twentySimultaneousCallsOnTwoSharedProxyNumbersEachReachTheRightCallee(Sandbox sandbox) throws Exception {
        int n = 20;
        List<String> riders = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        SippPhone.Builder callers = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 3_000)
                .rate(n);
        for (int i = 0; i < n; i++) {
            String rider = CallFixture.freshNumber();
            String driver = CallFixture.freshNumber();
            Session s = maskline.openSession(rider, driver);
            riders.add(rider);
            expected.add(driver + " shown " + CallFixture.proxyOf(s, driver));
            callers.call(rider, CallFixture.proxyOf(s, rider), CALLER_NAME);
        }
        try (SippPhone callee = callees(sandbox, n, 200, 60_000);
             SippPhone caller = callers.dial(sandbox)) {
            assertEquals(0, caller.awaitExit(Duration.ofSeconds(40)), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            Set<String> reached = new HashSet<>();
            for (SipMessage invite : requests(callee, "INVITE")) {
                reached.add(invite.requestUser() + " shown " + invite.headerUser("From").orElseThrow());
            }
            assertEquals(expected, reached, "every callee reached exactly once, showing their own proxy number");
            for (String rider : riders) {
                assertEquals(CallOutcome.COMPLETED, maskline.awaitFinishedCall(rider, DEADLINE).outcome());
            }
        }
    }
}
