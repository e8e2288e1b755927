package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.Route;

/** The backend's hooks see the store's decision and the call's id, and a hook that breaks connects nobody. */
class RouteHooksTest {
    private final CallHarness.FakeRoutes routes = new CallHarness.FakeRoutes();

    @Test
    void theHooksGetTheStoresDecisionAndTheCallIdAndHaveTheLastWord() {
        routes.routes.put("+34600000001|+15550100", new Route("s1", "+34600000001", "+15550100", "+34600000002", "+15550101"));
        List<String> seen = new ArrayList<>();
        RouteDecision.Refused no = new RouteDecision.Refused("blocked", "+34600000001", "+15550100", false, "intercept_blocked");
        RouteDecision d = new RouteDecision(routes, "ES", (decision, callId) -> {
            seen.add(decision.getClass().getSimpleName() + " " + callId);
            return decision instanceof RouteDecision.Routed ? no : decision;
        });
        assertSame(no, d.decide("0034600000001", "+15550100", "call-1"));
        assertInstanceOf(RouteDecision.Unroutable.class, d.decide("+34600000009", "+15550100", "call-2"));
        assertEquals(List.of("Routed call-1", "Unroutable call-2"), seen);
        assertInstanceOf(RouteDecision.Routed.class, d.decide("0034600000001", "+15550100"), "decide(caller, dialed) asks no hook");
    }

    @Test
    void aHookThatThrowsRefusesTheCall() {
        routes.routes.put("+34600000001|+15550100", new Route("s1", "+34600000001", "+15550100", "+34600000002", "+15550101"));
        RouteDecision d = new RouteDecision(routes, "ES", (decision, callId) -> {
            throw new IllegalStateException("bug");
        });
        var r = assertInstanceOf(RouteDecision.Refused.class, d.decide("+34600000001", "+15550100", "call-1"));
        assertTrue(r.temporary());
        assertEquals("route_hook_failed", r.code());
        assertEquals("+34600000001", r.caller());
    }
}
