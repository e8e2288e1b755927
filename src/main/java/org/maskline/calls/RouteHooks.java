package org.maskline.calls;

/**
 * The backend's say in a route decision: intercept and the routing webhook (package
 * {@code webhooks}). Given the store's decision, returns the one the call follows. It runs on a
 * blocking thread of the call's route decision, within its deadline (the store's 500 ms plus the
 * hooks' own timeouts), and must fail closed: when in doubt, {@link RouteDecision.Refused}.
 */
@FunctionalInterface
public interface RouteHooks {
    /** No hooks: the store decides alone. */
    RouteHooks NONE = (decision, callId) -> decision;

    /** @param callId the call's id (the call-log row's), or null where there is none (FastAGI) */
    RouteDecision.Decision apply(RouteDecision.Decision decision, String callId);
}
