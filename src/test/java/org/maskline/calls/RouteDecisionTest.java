package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.Route;
import org.maskline.sessions.SessionMode;
import org.maskline.testsupport.MutableClock;

/** The one route decision of the ARI and FastAGI paths. */
class RouteDecisionTest {
    private final CallHarness.FakeRoutes routes = new CallHarness.FakeRoutes();
    private final RouteDecision decision = new RouteDecision(routes, "ES");

    @Test
    void callerIdsInOtherShapesAreNormalizedBeforeTheLookup() {
        routes.routes.put("+34600000001|+15550100", new Route("s1", "+34600000001", "+15550100", "+34600000002", "+15550101"));
        var d = assertInstanceOf(RouteDecision.Routed.class, decision.decide("0034600000001", "+15550100"));
        assertEquals("s1", d.route().sessionId());
        assertEquals("+34600000001", d.caller());
        assertInstanceOf(RouteDecision.Routed.class, decision.decide("600000001", "+15550100"), "the default country applies");
    }

    @Test
    void noRouteSaysWhetherTheDialedNumberIsOneOfOurs() {
        assertTrue(assertInstanceOf(RouteDecision.Unroutable.class, decision.decide("+34600000009", "+15550100")).dialedIsServiceNumber());
        assertFalse(assertInstanceOf(RouteDecision.Unroutable.class, decision.decide("+34600000009", "+34600000002")).dialedIsServiceNumber());
    }

    @Test
    void unreadableNumbersAreUnroutableAndComeBackSanitized() {
        var d = assertInstanceOf(RouteDecision.Unroutable.class, decision.decide("+1\r\n" + "9".repeat(300), "abc"));
        assertTrue(d.caller().length() <= Sanitizer.NUMBER_COLUMN);
        assertFalse(d.caller().contains("\n"));
        assertEquals("anonymous", assertInstanceOf(RouteDecision.Unroutable.class, decision.decide(null, "+15550100")).caller());
    }

    @Test
    void aStoreThatCannotAnswerFailsClosed() {
        routes.down = true;
        assertInstanceOf(RouteDecision.StoreDown.class, decision.decide("+34600000001", "+15550100"));
    }

    @Test
    void theForwardLimiterCountsASlidingMinutePerCaller() {
        MutableClock clock = MutableClock.atNow();
        SlidingMinuteLimiter l = new SlidingMinuteLimiter(2, CallRouter.FORWARD_LIMIT_CALLERS, clock);
        assertTrue(l.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(30));
        assertTrue(l.tryAcquire("a"));
        assertFalse(l.tryAcquire("a"));
        assertTrue(l.tryAcquire("b"));
        clock.advance(Duration.ofSeconds(31));
        assertTrue(l.tryAcquire("a"), "the first one left the window");
        assertFalse(l.tryAcquire("a"));
    }

    // ---- issue 13: the session mode ---------------------------------------------------------------

    @Test
    void aSessionsModeDecidesWhetherACallOrAMessageIsRoutedAndARefusalLooksUnroutable() {
        routes.routes.put("+34600000001|+15550100", new Route("v", "+34600000001", "+15550100", "+34600000002", "+15550101",
                SessionMode.VOICE));
        routes.routes.put("+34600000003|+15550100", new Route("m", "+34600000003", "+15550100", "+34600000004", "+15550101",
                SessionMode.MESSAGE));
        routes.routes.put("+34600000005|+15550100", new Route("b", "+34600000005", "+15550100", "+34600000006", "+15550101"));
        var use = RouteDecision.Use.values();
        assertInstanceOf(RouteDecision.Routed.class, decision.decide("+34600000001", "+15550100"), "a call in a voice session");
        var refused = assertInstanceOf(RouteDecision.Unroutable.class,
                decision.decide("+34600000001", "+15550100", RouteDecision.Use.MESSAGE));
        assertEquals(RouteDecision.MODE_FORBIDS, refused.why());
        assertTrue(refused.dialedIsServiceNumber());
        assertInstanceOf(RouteDecision.Unroutable.class, decision.decide("+34600000003", "+15550100"), "a call in a message session");
        assertInstanceOf(RouteDecision.Routed.class, decision.decide("+34600000003", "+15550100", RouteDecision.Use.MESSAGE));
        for (RouteDecision.Use u : use) {
            assertInstanceOf(RouteDecision.Routed.class, decision.decide("+34600000005", "+15550100", u), "both: " + u);
        }
    }
}
