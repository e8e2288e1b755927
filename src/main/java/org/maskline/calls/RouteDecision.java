package org.maskline.calls;

import java.util.Optional;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.StoreUnavailableException;

/**
 * The one route decision of both call paths (ARI and FastAGI): normalize the caller and the dialed
 * number, look the pair up, and say what to do. Fails closed: a store that cannot answer gives
 * {@link StoreDown}, never a guess.
 *
 * <p>Every decision carries {@code caller} and {@code dialed} ready for the call log: the E.164
 * form when the raw value normalized, else the raw value {@linkplain Sanitizer#number sanitized}.
 */
public final class RouteDecision {
    private final RouteLookup routes;
    private final String defaultCountry;
    private final RouteHooks hooks;

    public RouteDecision(RouteLookup routes, String defaultCountry) {
        this(routes, defaultCountry, RouteHooks.NONE);
    }

    /** With the backend's hooks (intercept, routing webhook) applied to every decision. */
    public RouteDecision(RouteLookup routes, String defaultCountry, RouteHooks hooks) {
        this.routes = routes;
        this.defaultCountry = defaultCountry;
        this.hooks = hooks;
    }

    /** What to do with one call. */
    public sealed interface Decision {
        String caller();

        String dialed();
    }

    /** An open session routes this call to {@code route.calleeNumber()}. */
    public record Routed(Route route, String caller, String dialed) implements Decision {}

    /**
     * No session routes it. {@code dialedIsServiceNumber} says whether the dialed number is in the
     * pool (a stranger may dial anything, even a participant's real number).
     */
    public record Unroutable(String why, String caller, String dialed, boolean dialedIsServiceNumber) implements Decision {}

    /** The store could not answer: reject the call, dial nobody. */
    public record StoreDown(String why, String caller, String dialed) implements Decision {}

    /**
     * The backend refused the call (intercept 403, a routing webhook's reject or an answer that breaks a
     * privacy rule), or could not say (timeout, bad answer): dial nobody.
     *
     * @param temporary true: the caller gets 503 (try again); false: 403 (refused)
     * @param code      the call log's hangup cause, e.g. {@code intercept_blocked}
     */
    public record Refused(String why, String caller, String dialed, boolean temporary, String code) implements Decision {}

    /** The store's decision, then the hooks'. @param callId the call's id, for the backend */
    public Decision decide(String rawCaller, String rawDialed, String callId) {
        Decision d = decide(rawCaller, rawDialed);
        try {
            return hooks.apply(d, callId);
        } catch (RuntimeException e) {
            // A hook that breaks must not connect a call it has not approved.
            return new Refused("route hook failed: " + e, d.caller(), d.dialed(), true, "route_hook_failed");
        }
    }

    /** The store's decision alone (the hooks are not asked). */
    public Decision decide(String rawCaller, String rawDialed) {
        Optional<String> dialed = normalized(rawDialed);
        Optional<String> caller = normalized(rawCaller);
        String callerForLog = caller.orElse(Sanitizer.number(rawCaller));
        String dialedForLog = dialed.orElse(Sanitizer.number(rawDialed));
        try {
            if (dialed.isEmpty()) return new Unroutable("dialed number unreadable", callerForLog, dialedForLog, false);
            boolean service = false;
            if (caller.isPresent()) {
                Optional<Route> r = routes.findRoute(caller.get(), dialed.get());
                if (r.isPresent()) return new Routed(r.get(), callerForLog, dialedForLog);
            }
            service = routes.isServiceNumber(dialed.get());
            return new Unroutable(caller.isEmpty() ? "caller id unreadable" : "no open session for this caller on this number",
                    callerForLog, dialedForLog, service);
        } catch (StoreUnavailableException | IllegalStateException e) {
            return new StoreDown(String.valueOf(e.getMessage()), callerForLog, dialedForLog);
        }
    }

    private Optional<String> normalized(String raw) {
        try {
            return Optional.of(PhoneNumbers.normalize(raw, defaultCountry));
        } catch (RuntimeException e) { // InvalidNumberException, or a null
            return Optional.empty();
        }
    }
}
