package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.calls.CallHarness.CALLEE;
import static org.maskline.calls.CallHarness.CALLER;
import static org.maskline.calls.CallHarness.POOL_A;
import static org.maskline.calls.CallHarness.POOL_B;
import static org.maskline.calls.CallHarness.SUPPORT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.maskline.ari.AriException;
import org.maskline.ari.ChannelCreate;
import org.maskline.config.Unroutable;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/** Every transition of a call, and the races between Asterisk's events, REST answers and timers. */
class CallStateMachineTest {
    private CallHarness h = new CallHarness();

    @AfterEach
    void noIllegalMoves() {
        assertEquals(0, h.router.illegalMoves(), "a refused state change is a bug");
    }

    private static List<String> targets(List<CallHarness.FakePort.Request> rs) {
        return rs.stream().map(CallHarness.FakePort.Request::target).toList();
    }

    // ---- issue 18: a dial template that cannot dial the callee --------------------------------

    /** A national-only template (ES) and a callee in GB: never dialed in a wrong form, the call fails. */
    @Test
    void aCalleeTheDialTemplateCannotDialIsNeverDialedAndTheCallFails() {
        h = new CallHarness(new CallSettings("maskline", "PJSIP/{national}@trunk", Duration.ofSeconds(30), Duration.ZERO,
                "ES", new Unroutable.Reject(), "ss-noservice"));
        h.routes.routes.put(CALLER + "|" + POOL_A, new org.maskline.sessions.Route("s1", CALLER, POOL_A, "+447911123456", POOL_B));
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(List.of(), h.port.ops("createChannel"), "nothing dialed");
        assertEquals(List.of("A1"), targets(h.port.ops("hangupWithCause")), "the caller is hung up");
        assertEquals(Causes.NO_ROUTE_AVAILABLE, h.port.last("hangupWithCause").orElseThrow().arg(), "503, as any set-up that cannot be made");
        h.asteriskCompletesHangups();
        assertEquals(CallState.ENDED, c.state());
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.FAILED, r.outcome());
        assertEquals("undialable", r.hangupCause());

        // The same template dials a callee of its own country, in the national form.
        h.routes.routes.put(CALLER + "|" + POOL_B, new org.maskline.sessions.Route("s2", CALLER, POOL_B, CALLEE, POOL_A));
        h.callerArrives("A2", CALLER, POOL_B);
        assertEquals("PJSIP/600000002@trunk", ((ChannelCreate) h.port.ops("createChannel").getFirst().arg()).endpoint());
    }

    // ---- the happy path ----------------------------------------------------------------------

    @Test
    void aRoutedCallMasksCreatesBridgesDialsRingsAndTalks() {
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(CallState.LEG_CREATED, c.state());
        ChannelCreate create = (ChannelCreate) h.port.ops("createChannel").getFirst().arg();
        assertEquals("PJSIP/" + CALLEE + "@trunk", create.endpoint());
        assertEquals(POOL_B, create.variables().get("CONNECTEDLINE(num,i)"), "the callee sees the proxy they know the caller by");
        assertFalse(create.variables().containsValue(CALLER), "nothing of the caller's number on the callee's leg");
        @SuppressWarnings("unchecked")
        Map<String, String> aVars = (Map<String, String>) h.port.ops("setVariables").getFirst().arg();
        assertEquals(POOL_A, aVars.get("CONNECTEDLINE(num,i)"), "the caller is shown the number they dialed");
        assertEquals(POOL_B, aVars.get("CALLERID(num)"), "masked before the legs meet");
        assertFalse(aVars.containsValue(CALLER));

        h.calleeInStasis(c);
        assertEquals(CallState.DIALING, c.state());
        assertEquals(List.of("A1", c.id + "-b"), h.port.ops("addToBridge").getFirst().arg());
        h.dial(c, "RINGING");
        assertEquals(CallState.RINGING, c.state());
        assertEquals(List.of("A1"), targets(h.port.ops("ring")));

        h.clock.advance(Duration.ofSeconds(3));
        h.dial(c, "ANSWER");
        assertEquals(CallState.TALKING, c.state());
        assertEquals(List.of("A1"), targets(h.port.ops("answer")));
        CallRecord answered = h.row(c);
        assertEquals(h.clock.instant(), answered.answeredAt(), "the answer time is stored when the call is answered");
        assertNull(answered.endedAt());

        h.clock.advance(Duration.ofSeconds(10));
        h.phoneHangsUp("A1", 16);
        assertEquals(CallState.CLEARING, c.state());
        assertEquals(List.of(c.id + "-b"), targets(h.port.ops("hangup")));
        h.asteriskCompletesHangups();
        assertEquals(CallState.ENDED, c.state());
        assertEquals(List.of(c.id), targets(h.port.ops("destroyBridge")));
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.COMPLETED, r.outcome());
        assertEquals("caller_hangup", r.hangupCause());
        assertEquals(10, r.talkSeconds());
        assertEquals("s1", r.sessionId());
        assertEquals(POOL_A, r.proxyNumber());
        assertEquals(0, h.router.activeCalls());
    }

    @Test
    void theCalleeEnteringStasisBeforeItsCreateReturnsStillBridgesOnce() {
        h.port.held.add("createChannel");
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(CallState.CREATING_LEG, c.state());
        h.calleeInStasis(c);
        assertEquals(CallState.LEG_IN_STASIS, c.state());
        assertTrue(h.port.ops("addToBridge").isEmpty(), "not bridged before the REST set-up is done");
        h.port.complete("createChannel");
        assertEquals(CallState.DIALING, c.state());
        assertEquals(1, h.port.ops("addToBridge").size());
        assertEquals(1, h.port.ops("dial").size());
    }

    @Test
    void theCalleeHangingUpFirstHangsUpTheCaller() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.phoneHangsUp(c.id + "-b", 16);
        assertEquals(List.of("A1"), targets(h.port.ops("hangupWithCause")));
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.COMPLETED, r.outcome());
        assertEquals("callee_hangup", r.hangupCause());
    }

    // ---- refusals before answer --------------------------------------------------------------

    @Test
    void aBusyCalleeGivesTheCallerBusy() {
        Call c = h.ringingCall("A1");
        h.send(new org.maskline.ari.AriEvent.ChannelHangupRequest(CallHarness.header("ChannelHangupRequest"),
                CallHarness.channel(c.id + "-b", "Ringing"), 17, false, null));
        assertEquals(17, h.port.last("hangupWithCause").orElseThrow().arg());
        h.legLeaves(c.id + "-b", 17);
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.BUSY, h.row(c).outcome());
        assertNull(h.row(c).answeredAt());
    }

    @Test
    void aCalleeLegThatEndsWithoutACauseWaitsForItsDestroyCause() {
        Call c = h.ringingCall("A1");
        h.send(new org.maskline.ari.AriEvent.StasisEnd(CallHarness.header("StasisEnd"), CallHarness.channel(c.id + "-b", "Down")));
        assertEquals(CallState.RINGING, c.state(), "no cause yet: nothing decided");
        h.destroyed(c.id + "-b", 21);
        assertEquals(21, h.port.last("hangupWithCause").orElseThrow().arg(), "the caller gets the callee's refusal (403)");
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.FAILED, h.row(c).outcome());
        assertEquals("call_rejected", h.row(c).hangupCause());
    }

    @Test
    void theRingTimeoutCancelsTheCalleeAndGivesTheCaller480() {
        Call c = h.ringingCall("A1");
        h.timers.advance(Duration.ofSeconds(36));
        assertEquals(CallState.CLEARING, c.state());
        assertEquals("no_answer", h.port.last("hangup").orElseThrow().arg());
        assertEquals(Causes.NO_ANSWER, h.port.last("hangupWithCause").orElseThrow().arg());
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.NO_ANSWER, h.row(c).outcome());
    }

    @Test
    void anAnswerRacingTheRingTimeoutWinsAndNoRingTimerEverHangsUpATalkingCall() {
        Call c = h.ringingCall("A1");
        h.timers.advance(Duration.ofSeconds(34));
        h.calleeUp(c); // the 200 arrives just before the guard would fire
        h.timers.advance(Duration.ofMinutes(10));
        assertEquals(CallState.TALKING, c.state());
        assertTrue(h.port.hungUp().isEmpty(), "nobody hung up: " + h.port.hungUp());
    }

    @Test
    void aRingTimeoutThatFiresFirstEndsTheCallAndALateAnswerChangesNothing() {
        Call c = h.ringingCall("A1");
        h.timers.advance(Duration.ofSeconds(36));
        h.calleeUp(c); // the 200 crossed our CANCEL
        assertEquals(CallState.CLEARING, c.state());
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.NO_ANSWER, h.row(c).outcome());
        assertNull(h.row(c).answeredAt());
    }

    // ---- the caller leaves early ---------------------------------------------------------------

    @Test
    void theCallerHangingUpWhileTheCalleeRingsCancelsTheCallee() {
        Call c = h.ringingCall("A1");
        h.phoneHangsUp("A1", 16);
        assertEquals(List.of(c.id + "-b"), targets(h.port.ops("hangup")));
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.CANCELED, h.row(c).outcome());
        assertEquals("caller_canceled", h.row(c).hangupCause());
    }

    @Test
    void theCallerHangingUpWhileTheCalleeIsCreatedHangsItUpOnceItExistsAndNeverDialsIt() {
        h.port.held.add("createChannel");
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        h.phoneHangsUp("A1", 16);
        assertEquals(CallState.CLEARING, c.state());
        assertTrue(h.port.ops("hangup").isEmpty(), "B does not exist yet");
        h.port.complete("createChannel");
        assertEquals(List.of(c.id + "-b"), targets(h.port.ops("hangup")));
        h.calleeInStasis(c);
        assertTrue(h.port.ops("dial").isEmpty(), "never dialed");
        h.asteriskCompletesHangups();
        assertEquals(CallState.ENDED, c.state());
        assertEquals(CallOutcome.CANCELED, h.row(c).outcome());
        assertEquals(List.of(c.id), targets(h.port.ops("destroyBridge")));
    }

    @Test
    void theCallerHangingUpDuringTheLookupEndsTheCallWithoutDialing() {
        h.holdLookups = true;
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(CallState.ROUTING, c.state());
        h.phoneHangsUp("A1", 16);
        assertEquals(CallState.ENDED, c.state());
        h.heldLookups.forEach(Runnable::run); // the lookup answers late
        assertTrue(h.port.ops("createChannel").isEmpty());
        assertEquals(CallOutcome.CANCELED, h.row(c).outcome());
    }

    @Test
    void aFailedCalleeSetUpRejectsTheCallerWith503() {
        h.port.held.add("createBridge");
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        h.port.fail("createBridge", new AriException.Unavailable("bridges.create", 500, "boom", null));
        assertEquals(Causes.NO_ROUTE_AVAILABLE, h.port.last("hangupWithCause").orElseThrow().arg());
        h.asteriskCompletesHangups();
        assertEquals(CallState.ENDED, c.state());
        assertEquals("setup_failed", h.row(c).hangupCause());
    }

    // ---- events and answers after the end ----------------------------------------------------------

    @Test
    void eventsAfterTheEndChangeNothing() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.phoneHangsUp("A1", 16);
        h.asteriskCompletesHangups();
        CallRecord before = h.row(c);
        int requests = h.port.requests.size();
        c.onEvent(new org.maskline.ari.AriEvent.ChannelStateChange(CallHarness.header("ChannelStateChange"), CallHarness.channel(c.id + "-b", "Up")));
        c.onEvent(new org.maskline.ari.AriEvent.ChannelDestroyed(CallHarness.header("ChannelDestroyed"), CallHarness.channel("A1", "Down"), 17, "", null));
        h.dial(c, "RINGING");
        assertEquals(requests, h.port.requests.size(), "no request after the end");
        assertEquals(before, h.row(c));
        assertEquals(CallState.ENDED, c.state());
    }

    @Test
    void aHangUpAnswered404MeansTheLegIsGone() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.port.gone.add(c.id + "-b");
        h.phoneHangsUp("A1", 16); // B vanished without an event: the hang-up gets 404
        assertEquals(CallState.ENDED, c.state(), "a 404 on hang-up ends the leg; nothing retries");
        assertEquals(1, h.port.ops("hangup").size());
    }

    // ---- maximum talk time ---------------------------------------------------------------------

    @Test
    void theMaximumCallDurationHangsUpBothLegs() {
        h = new CallHarness(CallHarness.settings().withMaxCall(Duration.ofSeconds(60)));
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.timers.advance(Duration.ofSeconds(59));
        assertEquals(CallState.TALKING, c.state());
        h.timers.advance(Duration.ofSeconds(1));
        assertEquals(CallState.CLEARING, c.state());
        h.asteriskCompletesHangups();
        assertEquals("max_call_duration", h.row(c).hangupCause());
        assertEquals(60, h.row(c).talkSeconds());
    }

    // ---- hang-ups Asterisk caused --------------------------------------------------------------

    @Test
    void anAsteriskShutdownIsLoggedAsSuchNotAsEitherPartyHangingUp() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.asteriskHangsUp("A1", Causes.SOFT_SHUTDOWN, 16);
        h.asteriskHangsUp(c.id + "-b", Causes.SOFT_SHUTDOWN, 16);
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.COMPLETED, r.outcome(), "answered: never failed");
        assertEquals("asterisk_shutdown", r.hangupCause());
    }

    @Test
    void anRtpTimeoutIsLoggedAsSuch() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.asteriskHangsUp(c.id + "-b", Causes.SOFT_DEV, Causes.REQUESTED_CHAN_UNAVAIL);
        h.asteriskCompletesHangups();
        assertEquals("rtp_timeout", h.row(c).hangupCause());
    }

    @Test
    void aHangUpFromTheAsteriskCliIsLoggedAsRequested() {
        Call c = h.ringingCall("A1");
        h.calleeUp(c);
        h.asteriskHangsUp("A1", Causes.SOFT_EXPLICIT, 16);
        h.asteriskCompletesHangups();
        assertEquals("hangup_requested", h.row(c).hangupCause());
    }

    // ---- unroutable calls ----------------------------------------------------------------------

    @Test
    void anUnknownCallerIsRejectedWith404AndNobodyIsDialed() {
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(Causes.UNALLOCATED, h.port.last("hangupWithCause").orElseThrow().arg());
        h.asteriskCompletesHangups();
        assertTrue(h.port.ops("createChannel").isEmpty());
        assertEquals(CallOutcome.REJECTED, h.row(c).outcome());
        assertEquals(POOL_A, h.row(c).proxyNumber());
    }

    @Test
    void aStrangerDialingARealNumberGetsItStoredMasked() {
        Call c = h.callerArrives("A1", CALLER, CALLEE);
        h.asteriskCompletesHangups();
        assertFalse(h.row(c).proxyNumber().contains(CALLEE.substring(5, 10)), h.row(c).toString());
    }

    @Test
    void announceModeAnswersPlaysAndHangsUp() {
        h = new CallHarness(CallHarness.settings().withUnroutable(new Unroutable.Announce()));
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(CallState.ANNOUNCING, c.state());
        assertEquals(List.of("A1"), targets(h.port.ops("play")));
        h.playbackFinished(c);
        h.asteriskCompletesHangups();
        assertEquals(CallOutcome.REJECTED, h.row(c).outcome());
    }

    @Test
    void forwardingShowsTheSupportLineThePoolNumberDialed() {
        h = new CallHarness(CallHarness.settings().withUnroutable(new Unroutable.Forward(SUPPORT)));
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        ChannelCreate create = (ChannelCreate) h.port.ops("createChannel").getFirst().arg();
        assertEquals("PJSIP/" + SUPPORT + "@trunk", create.endpoint());
        assertEquals(POOL_A, create.variables().get("CALLERID(num)"));
        assertEquals(SUPPORT, h.row(c).callee());
    }

    @Test
    void forwardingNeverShowsTheSupportLineANumberThatIsNotOurs() {
        h = new CallHarness(CallHarness.settings().withUnroutable(new Unroutable.Forward(SUPPORT)));
        h.callerArrives("A1", CALLER, CALLEE); // a stranger dialing a participant's real number
        ChannelCreate create = (ChannelCreate) h.port.ops("createChannel").getFirst().arg();
        assertEquals(SUPPORT, create.variables().get("CALLERID(num)"), "the support number itself");
        assertFalse(create.variables().containsValue(CALLEE));
        assertFalse(create.variables().containsValue(CALLER));
    }

    @Test
    void forwardingIsLimitedPerCallerPerMinute() {
        h = new CallHarness(CallHarness.settings().withUnroutable(new Unroutable.Forward(SUPPORT)).withForwardLimit(3));
        for (int i = 0; i < 3; i++) h.callerArrives("A" + i, CALLER, POOL_A);
        assertEquals(3, h.port.ops("createChannel").size());
        Call fourth = h.callerArrives("A3", CALLER, POOL_A);
        assertEquals(3, h.port.ops("createChannel").size(), "the fourth in a minute is not forwarded");
        assertEquals(Causes.UNALLOCATED, h.port.last("hangupWithCause").orElseThrow().arg(), "rejected like reject mode");
        h.send(new org.maskline.ari.AriEvent.StasisEnd(CallHarness.header("StasisEnd"), CallHarness.channel("A3", "Down")));
        assertEquals("forward_limited", h.row(fourth).hangupCause());
        h.callerArrives("X1", "+34600000009", POOL_A);
        assertEquals(4, h.port.ops("createChannel").size(), "other callers are not limited");
        h.clock.advance(Duration.ofSeconds(61));
        h.callerArrives("A4", CALLER, POOL_A);
        assertEquals(5, h.port.ops("createChannel").size(), "a minute later the caller may be forwarded again");
    }

    // ---- the database --------------------------------------------------------------------------

    @Test
    void aStoreOutageRejectsAt503AtOnceAndTheRowLandsOnRecovery() {
        h.routes.down = true;
        h.log.down = true;
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(Causes.NO_ROUTE_AVAILABLE, h.port.last("hangupWithCause").orElseThrow().arg());
        h.asteriskCompletesHangups();
        assertEquals(CallState.ENDED, c.state());
        assertFalse(h.router.callLog().flush(Duration.ofMillis(50)), "the database is still down");
        assertEquals(1, h.router.callLog().pending(), "the start row folded into the finished one");
        h.log.down = false;
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.FAILED, r.outcome());
        assertEquals("store_unavailable", r.hangupCause());
    }

    @Test
    void aLookupThatHangsIsCutAtItsDeadline() {
        h.holdLookups = true;
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        h.timers.advance(CallSettings.DEFAULT_LOOKUP_TIMEOUT.minusMillis(1));
        assertEquals(CallState.ROUTING, c.state());
        h.timers.advance(Duration.ofMillis(1));
        assertEquals(Causes.NO_ROUTE_AVAILABLE, h.port.last("hangupWithCause").orElseThrow().arg());
        h.heldLookups.forEach(Runnable::run); // the answer comes too late and is ignored
        assertTrue(h.port.ops("createChannel").isEmpty());
        h.asteriskCompletesHangups();
        assertEquals("store_unavailable", h.row(c).hangupCause());
    }

    // ---- what is not a call --------------------------------------------------------------------

    @Test
    void aMessageChannelInStasisIsLetGoAndNeverTreatedAsACall() {
        h.send(new org.maskline.ari.AriEvent.StasisStart(CallHarness.header("StasisStart"),
                CallHarness.channel("M1", "Message/ast_msg_queue", "Up", CALLER, POOL_A), List.of(), null));
        assertEquals(List.of("M1"), targets(h.port.ops("continue")));
        assertNull(h.router.callOf("M1"));
        assertEquals(0, h.router.activeCalls());
        assertTrue(h.log.rows.isEmpty());
    }

    @Test
    void aChannelThatCannotContinueIsHungUpAndA404IsItsEnd() {
        h.port.gone.add("L1");
        h.send(new org.maskline.ari.AriEvent.StasisStart(CallHarness.header("StasisStart"),
                CallHarness.channel("L1", "Local/x@y-0001;2", "Up", CALLER, POOL_A), List.of(), null));
        assertEquals(1, h.port.ops("continue").size());
        assertEquals(1, h.port.ops("hangup").size(), "tried once, never again");
        assertEquals(0, h.router.activeCalls());
    }

    // ---- graceful stop -------------------------------------------------------------------------

    @Test
    void refusingNewCallsHangsThemUpWith503AndNeverDials() {
        h.openSession();
        h.router.refuseNewCalls();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(Causes.NO_ROUTE_AVAILABLE, h.port.last("hangupWithCause").orElseThrow().arg());
        assertTrue(h.port.ops("createChannel").isEmpty());
        h.asteriskCompletesHangups();
        assertEquals("shutting_down", h.row(c).hangupCause());
    }

    @Test
    void setUpsAreDoneOnceEveryCallRingsOrEnded() {
        h.port.held.add("createChannel");
        h.openSession();
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertFalse(h.router.awaitSetupsDone(Duration.ZERO));
        h.port.complete("createChannel");
        h.calleeInStasis(c);
        assertEquals(CallState.DIALING, c.state());
        assertTrue(h.router.awaitSetupsDone(Duration.ZERO));
    }

    // ---- sanitizing ------------------------------------------------------------------------------

    @Test
    void aTwoHundredDigitCallerIdIsStoredBoundedAndTheRowLands() {
        String huge = "+" + "9".repeat(200);
        Call c = h.callerArrives("A1", huge, POOL_A);
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertNotNull(r, "the row landed");
        assertTrue(r.caller().length() <= 64, r.caller());
        assertEquals(CallOutcome.REJECTED, r.outcome());
    }

    @Test
    void controlCharactersInTheDialedNumberNeverReachTheRowRaw() {
        Call c = h.callerArrives("A1", CALLER, "+1555\r\nINFO forged line");
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertFalse(r.proxyNumber().contains("\n") || r.proxyNumber().contains("\r"), r.proxyNumber());
    }
}
