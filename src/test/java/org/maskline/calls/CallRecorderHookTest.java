package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.ari.AriEvent;
import org.maskline.ari.Bridge;
import org.maskline.ari.CallerId;
import org.maskline.ari.Channel;
import org.maskline.ari.DialplanCEP;
import org.maskline.ari.Playback;

/** What the call flow tells a recorder (issue 15), and how the router treats a recorder's snoop channels. */
class CallRecorderHookTest {
    private final CallHarness h = new CallHarness();
    private final List<String> told = new ArrayList<>();

    @BeforeEach
    void recorder() {
        h.router.recorder(new CallRecorder() {
            @Override
            public void talking(Talking c) {
                told.add("talking " + c.callId() + " " + c.sessionId() + " " + c.callerChannel() + " " + c.calleeChannel()
                        + " " + c.bridgeId() + (c.adopted() ? " adopted" : ""));
            }

            @Override
            public void snoopReady(String channelId) {
                told.add("snoop " + channelId);
            }

            @Override
            public void announced(String callId) {
                told.add("announced " + callId);
            }

            @Override
            public void ended(String callId) {
                told.add("ended " + callId);
            }
        });
    }

    @AfterEach
    void noIllegalMoves() {
        assertEquals(0, h.router.illegalMoves());
    }

    private static Channel chan(String id, String name, String state) {
        return new Channel(id, name, state, new CallerId("", ""), new CallerId("", ""), "",
                new DialplanCEP("maskline", "", 1, "Stasis", "maskline"), Instant.now(), "en", new HashMap<>());
    }

    @Test
    void anAnsweredCallIsRecordedFromItsAnswerAndCollectedWhenItEnds() {
        Call c = h.ringingCall("A1");
        assertEquals(List.of(), told, "nothing is recorded before the answer");
        h.dial(c, "ANSWER");
        assertEquals(List.of("talking " + c.id + " s1 A1 " + c.id + "-b " + c.id), told);
        h.phoneHangsUp("A1", 16);
        h.asteriskCompletesHangups();
        assertEquals("ended " + c.id, told.getLast());
    }

    @Test
    void theEndOfTheAnnouncementOnTheBridgeIsToldToTheRecorderAndNoOtherPlayback() {
        Call c = h.ringingCall("A1");
        h.dial(c, "ANSWER");
        h.send(new AriEvent.PlaybackFinished(CallHarness.header("PlaybackFinished"),
                new Playback(c.id + "-x", "sound:x", null, "bridge:" + c.id, "en", "done")));
        h.send(new AriEvent.PlaybackFinished(CallHarness.header("PlaybackFinished"),
                new Playback(c.id + CallRecorder.ANNOUNCEMENT, "sound:x", null, "bridge:" + c.id, "en", "done")));
        assertEquals("announced " + c.id, told.getLast());
        assertEquals(2, told.size(), told::toString);
        assertEquals(CallState.TALKING, c.state());
    }

    @Test
    void anUnansweredCallIsNeitherRecordedNorCollected() {
        Call c = h.ringingCall("A1");
        h.phoneHangsUp("A1", 16);
        h.asteriskCompletesHangups();
        assertEquals(CallState.ENDED, c.state());
        assertEquals(List.of(), told);
    }

    @Test
    void aSnoopChannelEnteringTheApplicationIsTheRecordersNotACall() {
        h.send(new AriEvent.StasisStart(CallHarness.header("StasisStart"), chan("C9-ra", "Snoop/A1-00000001", "Up"),
                List.of(CallRecorder.SNOOP_ARG), null));
        assertEquals(List.of("snoop C9-ra"), told);
        assertEquals(List.of(), h.port.ops("continueInDialplan"), "not let go");
        assertEquals(List.of(), h.port.ops("hangup"));
    }

    @Test
    void afterARestartTheSnoopsOfACallTakenOverGoOnAndThoseOfAGoneCallAreHungUp() {
        h.openSession();
        h.port.channels = List.of(chan("A1", "PJSIP/trunk-1", "Up"), chan("C1-b", "PJSIP/trunk-2", "Up"),
                chan("C1-ra", "Snoop/A1-1", "Up"), chan("C1-rb", "Snoop/C1-b-1", "Up"), chan("C2-ra", "Snoop/gone-1", "Up"));
        h.port.bridges = List.of(new Bridge("C1", "simple_bridge", "mixing", "stasis", "maskline-C1", List.of("A1", "C1-b"),
                "maskline", "none", null, null, null));
        h.port.inApp = List.of("A1", "C1-b", "C1-ra", "C1-rb", "C2-ra");
        h.router.onConnected(true);
        assertTrue(told.contains("talking C1 null A1 C1-b C1 adopted"), told::toString);
        h.timers.advance(CallRouter.ORPHAN_GRACE.plus(Duration.ofMillis(10)));
        List<String> hungUp = h.port.ops("hangup").stream().map(CallHarness.FakePort.Request::target).toList();
        assertEquals(List.of("C2-ra"), hungUp, "only the snoop whose call is gone");
        assertEquals(List.of(), h.port.ops("continueInDialplan"));
    }

    @Test
    void snoopIdsNameTheirCall() {
        assertEquals("C1", CallRecorder.callOfSnoop("C1-ra"));
        assertEquals("C1", CallRecorder.callOfSnoop("C1-rb"));
        assertEquals(null, CallRecorder.callOfSnoop("C1-b"));
        assertEquals(null, CallRecorder.callOfSnoop(null));
    }
}
