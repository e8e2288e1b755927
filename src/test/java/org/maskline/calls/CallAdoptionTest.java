package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.calls.CallHarness.CALLEE;
import static org.maskline.calls.CallHarness.CALLER;
import static org.maskline.calls.CallHarness.NODE;
import static org.maskline.calls.CallHarness.POOL_A;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.maskline.ari.Bridge;
import org.maskline.ari.CallerId;
import org.maskline.ari.Channel;
import org.maskline.ari.DialplanCEP;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/** Every connect, first or after a gap: calls are read back from Asterisk and moved forward, never lost. */
class CallAdoptionTest {
    private CallHarness h = new CallHarness();

    @AfterEach
    void noIllegalMoves() {
        assertEquals(0, h.router.illegalMoves());
    }

    private Channel chan(String id, String state, Instant created) {
        return new Channel(id, "PJSIP/trunk-" + id, state, new CallerId("", ""), new CallerId("", ""), "",
                new DialplanCEP("maskline", "", 1, "Stasis", "maskline"), created, "en", new HashMap<>());
    }

    private static Bridge bridge(String id, String... channels) {
        return new Bridge(id, "simple_bridge", "mixing", "stasis", "maskline-" + id, List.of(channels), "maskline",
                "none", null, null, null);
    }

    private void storedRow(String id, Instant started, Instant answered) {
        h.log.started(new CallRecord(id, "s1", CALLER, CALLEE, POOL_A, started, answered, null, null, null), NODE);
    }

    // ---- a snapshot read while calls arrive ----------------------------------------------------

    private void holdSnapshot() {
        h.port.held.addAll(List.of("channels", "bridges", "channelsInApp"));
    }

    private void answerSnapshot(List<Channel> channels) {
        h.port.held.removeAll(List.of("channels", "bridges", "channelsInApp"));
        h.port.complete("channels", channels);
        h.port.complete("bridges", List.of());
        h.port.complete("channelsInApp", channels.stream().map(Channel::id).toList());
    }

    @Test
    void aCallerWhoEntersStasisAfterTheSnapshotWasRequestedIsRoutedNotTakenForGone() {
        // Seen in a failover: a call arrived 85 ms after the standby connected, was missing from the
        // snapshot, was "ended while unmonitored" without a hang-up, and its caller heard nothing for 70 s.
        holdSnapshot();
        h.router.onConnected(false);
        h.openSession();
        Call c = h.callerArrives("A5", CALLER, POOL_A);
        answerSnapshot(List.of()); // Asterisk read its channels before A5 entered Stasis
        assertEquals(CallState.LEG_CREATED, c.state(), "routed on, not ended");
        h.calleeInStasis(c);
        h.dial(c, "RINGING");
        assertEquals(CallState.RINGING, c.state());
        h.timers.advance(CallRouter.ORPHAN_GRACE);
        assertTrue(h.port.hungUp().isEmpty(), "nothing is hung up: " + h.port.hungUp());
    }

    @Test
    void aCalleeLegCreatedAfterTheSnapshotWasRequestedIsNotTakenForGone() {
        h.openSession();
        h.port.held.add("createChannel");
        Call c = h.callerArrives("A6", CALLER, POOL_A);
        holdSnapshot();
        h.router.onConnected(true);
        h.port.held.remove("createChannel");
        h.port.complete("createChannel"); // B exists from here on: after the snapshot was asked for
        answerSnapshot(List.of(chan("A6", "Ring", h.clock.instant())));
        h.calleeInStasis(c);
        h.dial(c, "RINGING");
        assertEquals(CallState.RINGING, c.state());
        assertTrue(h.port.hungUp().isEmpty(), "nothing is hung up: " + h.port.hungUp());
    }

    @Test
    void aCallerMissingFromASnapshotRequestedAfterItArrivedHasVanished() {
        h.openSession();
        Call c = h.callerArrives("A8", CALLER, POOL_A);
        h.calleeInStasis(c);
        h.dial(c, "RINGING");
        holdSnapshot();
        h.router.onDisconnected(null);
        h.router.onConnected(true);
        answerSnapshot(List.of(chan(c.id + "-b", "Ringing", h.clock.instant())));
        assertEquals(List.of(c.id + "-b"), h.port.hungUp(), "the caller left during the gap: the callee is released");
    }

    @Test
    void anAdoptedCallWhoseCallerLeftBetweenTheSnapshotAndTheTakeoverIsEnded() {
        // Seen in a failover under load: the caller's hang-up events came after the snapshot and before
        // the takeover bound its legs, reached nobody, and the callee talked into an empty bridge.
        Instant answered = h.clock.instant().minusSeconds(4);
        storedRow("C2", answered.minusSeconds(2), answered);
        List<Channel> before = List.of(chan("A2", "Up", answered), chan("C2-b", "Up", answered));
        h.port.channels = List.of(chan("C2-b", "Up", answered)); // what a second reading finds
        holdSnapshot();
        h.router.onConnected(true);
        h.port.held.removeAll(List.of("channels", "bridges", "channelsInApp"));
        h.port.complete("bridges", List.of(bridge("C2", "A2", "C2-b")));
        h.port.complete("channelsInApp", List.of("A2", "C2-b"));
        h.port.complete("channels", before);
        assertEquals(2, h.port.ops("channels").size(), "the channels are read again after the takeover");
        assertEquals(List.of("C2-b"), h.port.hungUp(), "the callee is released");
        h.asteriskCompletesHangups();
        h.router.callLog().flush(Duration.ofSeconds(1));
        CallRecord r = h.log.rows.get("C2");
        assertEquals(CallOutcome.COMPLETED, r.outcome());
        assertNotNull(r.endedAt());
        assertEquals(answered, r.answeredAt());
    }

    // ---- a previous Maskline's calls -----------------------------------------------------------

    @Test
    void aBridgedTalkingCallIsTakenOverWithItsStoredAnswerTimeAndKeepsItsMaximumTalkTime() {
        h = new CallHarness(CallHarness.settings().withMaxCall(Duration.ofSeconds(60)));
        Instant answered = h.clock.instant().minusSeconds(50);
        storedRow("C1", answered.minusSeconds(5), answered);
        h.port.channels = List.of(chan("A1", "Up", answered), chan("C1-b", "Up", answered));
        h.port.bridges = List.of(bridge("C1", "A1", "C1-b"));
        h.port.inApp = List.of("A1", "C1-b");
        h.router.onConnected(false);
        Call c = h.router.callOf("C1");
        assertEquals(CallState.TALKING, c.state());
        h.timers.advance(Duration.ofSeconds(9));
        assertEquals(CallState.TALKING, c.state());
        h.timers.advance(Duration.ofSeconds(1));
        assertEquals(CallState.CLEARING, c.state(), "60 s after the stored answer, not after the takeover");
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertEquals(answered, r.answeredAt());
        assertEquals("max_call_duration", r.hangupCause());
        assertEquals(60, r.talkSeconds());
        assertTrue(h.port.ops("hangupWithCause").stream().noneMatch(x -> x.target().equals("A1") && (Integer) x.arg() == 34),
                "the adopted caller is not treated as an orphan");
    }

    @Test
    void aBridgedRingingCallIsTakenOverAsRingingAndAnswersLater() {
        storedRow("C1", h.clock.instant().minusSeconds(2), null);
        h.port.channels = List.of(chan("A1", "Ring", h.clock.instant()), chan("C1-b", "Ringing", h.clock.instant()));
        h.port.bridges = List.of(bridge("C1", "A1", "C1-b"));
        h.router.onConnected(false);
        Call c = h.router.callOf("C1");
        assertEquals(CallState.RINGING, c.state());
        h.calleeUp(c);
        assertEquals(CallState.TALKING, c.state());
        h.timers.advance(Duration.ofMinutes(5));
        assertEquals(CallState.TALKING, c.state(), "the ring guard of a ringing adoption never ends a talking call");
        assertEquals(h.clock.instant().minus(Duration.ofMinutes(5)), h.row(c).answeredAt());
    }

    @Test
    void aOneLeggedBridgeIsCleanedUpAndItsRowCompleted() {
        Instant answered = h.clock.instant().minusSeconds(30);
        storedRow("C1", answered.minusSeconds(5), answered);
        h.port.channels = List.of(chan("C1-b", "Up", answered));
        h.port.bridges = List.of(bridge("C1", "C1-b"));
        h.port.inApp = List.of("C1-b");
        h.router.onDisconnected(null);
        h.clock.advance(Duration.ofSeconds(2));
        h.router.onConnected(true);
        assertEquals(List.of("C1-b"), h.port.hungUp(), "the callee left talking into an empty bridge is hung up");
        assertEquals(1, h.port.ops("destroyBridge").size());
        h.router.callLog().flush(Duration.ofSeconds(1));
        CallRecord r = h.log.rows.get("C1");
        assertEquals(CallOutcome.COMPLETED, r.outcome(), "it was answered: never failed");
        assertEquals(Call.UNMONITORED, r.hangupCause());
        assertNotNull(r.endedAt());
    }

    @Test
    void aOneLeggedBridgeWhoseAnswerNobodySawIsStillCompletedNotFailed() {
        // Asterisk answered the caller when the callee answered in their bridge; the previous Maskline
        // stopped before it read the event, so the row has no answer time.
        Instant started = h.clock.instant().minusSeconds(30);
        storedRow("C1", started, null);
        h.port.channels = List.of(chan("C1-b", "Up", started.plusSeconds(1)));
        h.port.bridges = List.of(bridge("C1", "C1-b"));
        h.port.inApp = List.of("C1-b");
        h.router.onConnected(false);
        h.router.callLog().flush(Duration.ofSeconds(1));
        CallRecord r = h.log.rows.get("C1");
        assertEquals(CallOutcome.COMPLETED, r.outcome(), "the callee's leg is Up: it was answered");
        assertNull(r.answeredAt(), "when is not known");
        assertEquals(Call.UNMONITORED, r.hangupCause());
    }

    @Test
    void aOneLeggedBridgeWhoseCalleeNeverAnsweredIsFailed() {
        Instant started = h.clock.instant().minusSeconds(30);
        storedRow("C1", started, null);
        h.port.channels = List.of(chan("C1-b", "Ringing", started.plusSeconds(1)));
        h.port.bridges = List.of(bridge("C1", "C1-b"));
        h.port.inApp = List.of("C1-b");
        h.router.onConnected(false);
        h.router.callLog().flush(Duration.ofSeconds(1));
        assertEquals(CallOutcome.FAILED, h.log.rows.get("C1").outcome());
    }

    @Test
    void leftOverLegsInTheApplicationAreReleasedAfterAGrace() {
        h.port.channels = List.of(chan("A9", "Ring", h.clock.instant()), chan("X-b", "Ringing", h.clock.instant()),
                chan("A7", "Ring", h.clock.instant()));
        h.port.inApp = List.of("A9", "X-b", "A7");
        h.router.onConnected(false);
        assertTrue(h.port.hungUp().isEmpty(), "not before the grace: a StasisStart may be on its way");
        h.openSession();
        h.callerArrives("A7", CALLER, POOL_A); // its StasisStart was on its way
        int before = h.port.hungUp().size();
        h.timers.advance(CallRouter.ORPHAN_GRACE);
        assertEquals(34, h.port.ops("hangupWithCause").stream().filter(r -> r.target().equals("A9")).findFirst().orElseThrow().arg(),
                "a caller whose set-up was left unfinished is failed cleanly (503)");
        assertTrue(h.port.ops("hangup").stream().anyMatch(r -> r.target().equals("X-b")), "a lone callee leg is hung up");
        assertTrue(h.port.hungUp().stream().noneMatch(id -> id.equals("A7")), "a call that arrived meanwhile is left alone");
        assertEquals(before + 2, h.port.hungUp().size());
    }

    @Test
    void openRowsOfACrashedInstanceAreCompleted() {
        storedRow("OLD1", h.clock.instant().minusSeconds(60), h.clock.instant().minusSeconds(50));
        storedRow("OLD2", h.clock.instant().minusSeconds(60), null);
        h.log.started(new CallRecord("OTHER", null, CALLER, null, POOL_A, h.clock.instant(), null, null, null, null), "other-node");
        h.router.onConnected(false);
        h.router.callLog().flush(Duration.ofSeconds(1));
        assertEquals(CallOutcome.COMPLETED, h.log.rows.get("OLD1").outcome());
        assertEquals(Call.UNMONITORED, h.log.rows.get("OLD1").hangupCause());
        assertEquals(CallOutcome.FAILED, h.log.rows.get("OLD2").outcome());
        assertNull(h.log.rows.get("OTHER").endedAt(), "another node's rows are not ours to complete");
    }

    // ---- a socket gap, this process still running ---------------------------------------------------

    @Test
    void aCallAnsweredDuringAGapMovesToTalkingAndItsRingGuardIsCancelled() {
        Call c = h.ringingCall("A1");
        h.router.onDisconnected(null);
        h.clock.advance(Duration.ofMillis(400));
        h.port.channels = List.of(chan("A1", "Up", h.clock.instant()), chan(c.id + "-b", "Up", h.clock.instant()));
        h.router.onConnected(true);
        assertEquals(CallState.TALKING, c.state());
        assertNotNull(h.row(c).answeredAt());
        h.timers.advance(Duration.ofMinutes(2));
        assertEquals(CallState.TALKING, c.state(), "no talking call is ever hung up by a ring timer");
        assertTrue(h.port.hungUp().isEmpty());
        h.phoneHangsUp("A1", 16);
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.COMPLETED, h.row(c).outcome());
    }

    @Test
    void aCallerWhoLeftDuringAGapGetsTheCalleeHungUpAndTheRowCompletedTruthfully() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.clock.advance(Duration.ofSeconds(10));
        Instant gap = h.clock.instant();
        h.router.onDisconnected(null);
        h.clock.advance(Duration.ofSeconds(3));
        h.port.channels = List.of(chan(c.id + "-b", "Up", gap));
        h.router.onConnected(true);
        assertEquals(List.of(c.id + "-b"), h.port.hungUp());
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.COMPLETED, r.outcome());
        assertEquals(Call.UNMONITORED, r.hangupCause());
        assertEquals(gap, r.endedAt(), "the best known end: when events stopped");
    }

    @Test
    void aCalleeWhoLeftWhileRingingDuringAGapGetsTheCallerA480() {
        Call c = h.ringingCall("A1");
        h.router.onDisconnected(null);
        h.port.channels = List.of(chan("A1", "Ring", h.clock.instant()));
        h.router.onConnected(true);
        assertEquals(Causes.NO_ANSWER, h.port.last("hangupWithCause").orElseThrow().arg());
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.FAILED, h.row(c).outcome());
        assertEquals(Call.UNMONITORED, h.row(c).hangupCause());
        assertNull(h.row(c).answeredAt());
    }

    @Test
    void bothLegsGoneDuringAGapEndTheCallWithoutARequest() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.router.onDisconnected(null);
        h.port.channels = List.of();
        h.router.onConnected(true);
        assertEquals(CallState.ENDED, c.state());
        assertEquals(CallOutcome.COMPLETED, h.row(c).outcome());
        assertTrue(h.port.hungUp().isEmpty());
    }

    @Test
    void aReconciliationThatFailsIsTriedAgain() {
        h.port.held.add("bridges");
        h.router.onConnected(true);
        h.port.fail("bridges", new org.maskline.ari.AriException.Unavailable("bridges.list", 0, "connection abort", null));
        assertEquals(1, h.port.ops("bridges").size());
        h.port.held.clear();
        h.timers.advance(CallRouter.RECONCILE_RETRY);
        assertEquals(2, h.port.ops("bridges").size(), "read again");
    }

    @Test
    void aHangUpLostToACutConnectionIsSentAgainButA404IsNot() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.port.held.add("hangup");
        h.phoneHangsUp("A1", 16);
        h.port.fail("hangup", new org.maskline.ari.AriException.Unavailable("channels.hangup", 0, "connection abort", null));
        h.timers.advance(Duration.ofMillis(250));
        assertEquals(2, h.port.ops("hangup").size(), "sent again");
        h.port.fail("hangup", new org.maskline.ari.AriException.NotFound("channels.hangup", 404, "Channel not found"));
        h.timers.advance(Duration.ofSeconds(5));
        assertEquals(2, h.port.ops("hangup").size(), "a 404 is the leg's end");
        assertEquals(CallState.ENDED, c.state());
    }
}
