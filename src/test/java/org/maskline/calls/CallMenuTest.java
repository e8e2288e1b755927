package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.calls.CallHarness.CALLEE;
import static org.maskline.calls.CallHarness.CALLER;
import static org.maskline.calls.CallHarness.POOL_A;
import static org.maskline.calls.CallHarness.header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.maskline.ari.AriEvent;
import org.maskline.ari.ChannelCreate;
import org.maskline.ari.Playback;
import org.maskline.menu.MenuSettings;
import org.maskline.menu.Operator;
import org.maskline.menu.Prompts;
import org.maskline.sessions.Route;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/** The call flow's side of the menu, with a fake port: answers, prompts, keys, timeouts and what each choice does. */
class CallMenuTest {
    private static final String OPERATOR = "+15559000";
    private final List<Route> booked = new ArrayList<>();

    private CallHarness harness(boolean unroutableMenu) {
        MenuSettings m = new MenuSettings(Optional.of(new Operator(OPERATOR, false)), Prompts.asteriskSounds(),
                Duration.ofSeconds(5), unroutableMenu, Optional.empty());
        return new CallHarness(CallHarness.settings(), new AfterTrip(m, r -> {
            booked.add(r);
            return "cb-1";
        }));
    }

    private static void key(CallHarness h, String digit) {
        h.send(new AriEvent.ChannelDtmfReceived(header("ChannelDtmfReceived"), CallHarness.channel("A1", "Up"), digit, 100));
    }

    private static void promptEnds(CallHarness h, Call c, int n) {
        h.send(new AriEvent.PlaybackFinished(header("PlaybackFinished"),
                new Playback(c.id + "-m" + n, "sound:x", null, "channel:A1", "en", "done")));
    }

    @Test
    void anUnavailableCalleesCallerIsAnsweredOfferedTheMenuAndKey1BooksACallback() {
        CallHarness h = harness(false);
        h.openSession();
        h.routes.unavailable.add(CALLEE);
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(CallState.MENU, c.state());
        assertEquals(1, h.port.ops("answer").size(), "the menu answers the caller");
        assertTrue(((String) h.port.ops("play").getFirst().arg()).startsWith("sound:vm-nobodyavail"));
        assertEquals(List.of(), h.port.ops("createChannel"), "nobody is dialed");

        key(h, "1");
        assertEquals(1, booked.size());
        assertEquals(CALLEE, booked.getFirst().calleeNumber());
        assertEquals("stopPlayback", h.port.requests.stream().filter(r -> r.op().equals("stopPlayback")).findFirst().orElseThrow().op(),
                "a key stops the prompt");
        assertTrue(((String) h.port.ops("play").getLast().arg()).contains("auth-thankyou"));
        promptEnds(h, c, 2);
        assertEquals(16, h.port.last("hangupWithCause").orElseThrow().arg(), "a polite hang-up");
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.MENU, r.outcome());
        assertEquals("callback", r.menuChoice());
        assertEquals("cb-1", r.callbackId());
        assertEquals("s1", r.sessionId());
    }

    @Test
    void aKeyPressedBeforeTheAnswerReturnsCountsAndKey2ConnectsTheOperatorWhoSeesTheCaller() {
        CallHarness h = harness(true);
        h.port.held.add("answer");
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        assertEquals(CallState.MENU, c.state());
        key(h, "2");
        h.port.complete("answer");
        assertEquals(1, h.port.ops("play").size(), "straight to 'connecting': the menu is not played over the choice");
        assertTrue(((String) h.port.ops("play").getFirst().arg()).contains("pls-hold-while-try"));
        promptEnds(h, c, 1);
        ChannelCreate leg = (ChannelCreate) h.port.ops("createChannel").getFirst().arg();
        assertEquals("PJSIP/" + OPERATOR + "@trunk", leg.endpoint());
        assertEquals(CALLER, leg.variables().get("CONNECTEDLINE(num,i)"), "staff see who calls");
        Map<String, String> a = (Map<String, String>) h.port.ops("setVariables").getLast().arg();
        assertEquals(POOL_A, a.get("CONNECTEDLINE(num,i)"), "the caller is shown the number they dialed");
        h.calleeInStasis(c);
        h.dial(c, "RINGING");
        assertEquals(List.of(), h.port.ops("ring"), "an answered caller gets no 180");
        h.calleeUp(c);
        assertEquals(1, h.port.ops("answer").size(), "and no second answer");
        h.phoneHangsUp("A1", 16);
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.COMPLETED, r.outcome());
        assertEquals("operator", r.menuChoice());
        assertEquals(OPERATOR, r.callee());
    }

    @Test
    void noKeyThreeTimesPlaysGoodbyeAndHangsUp() {
        CallHarness h = harness(true);
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        for (int offer = 1; offer <= 3; offer++) {
            promptEnds(h, c, offer);
            h.timers.advance(Duration.ofSeconds(5));
        }
        assertEquals(4, h.port.ops("play").size(), "three offers, then goodbye");
        assertTrue(((String) h.port.ops("play").getLast().arg()).contains("please-try-call-later"));
        promptEnds(h, c, 4);
        h.asteriskCompletesHangups();
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.MENU, r.outcome());
        assertEquals("none", r.menuChoice());
        assertEquals(List.of(), h.port.ops("createChannel"));
    }

    @Test
    void oneKeyReportedTwiceAtOnceIsOnePressButTheSameKeyPressedAgainCounts() {
        CallHarness h = harness(true);
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        key(h, "9");
        h.clock.advance(Duration.ofMillis(2));
        key(h, "9"); // Asterisk's second report of the same SIP INFO
        assertEquals(2, h.port.ops("play").size(), "one wrong key: the menu once more, not twice");
        h.clock.advance(Duration.ofMillis(400));
        key(h, "9");
        h.clock.advance(Duration.ofMillis(400));
        key(h, "9");
        assertEquals(4, h.port.ops("play").size(), "three wrong keys: the menu twice more, then goodbye");
        assertTrue(((String) h.port.ops("play").getLast().arg()).contains("please-try-call-later"));
        promptEnds(h, c, 4);
        h.asteriskCompletesHangups();
        assertEquals("none", h.row(c).menuChoice());
    }

    @Test
    void aCallerWhoHangsUpInTheMenuIsLoggedAsSuch() {
        CallHarness h = harness(true);
        Call c = h.callerArrives("A1", CALLER, POOL_A);
        h.phoneHangsUp("A1", 16);
        assertEquals(CallState.ENDED, c.state());
        CallRecord r = h.row(c);
        assertEquals(CallOutcome.MENU, r.outcome());
        assertEquals("hangup", r.menuChoice());
        assertEquals(0, h.timers.armed(), "no key timer left behind");
    }
}
