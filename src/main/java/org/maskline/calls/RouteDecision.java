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

    public RouteDecision(RouteLookup routes, String defaultCountry) {
        this.routes = routes;
        this.defaultCountry = defaultCountry;
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

    /** What the decision is for: a session's mode allows calls, messages or both. */
    public enum Use { CALL, MESSAGE }

    /** The reason given when a session's mode forbids what was asked (logged; the caller is told nothing more). */
    public static final String MODE_FORBIDS = "the session's mode forbids this";

    /** A call's decision. */
    public Decision decide(String rawCaller, String rawDialed) {
        return decide(rawCaller, rawDialed, Use.CALL);
    }

    /**
     * The decision for a call or a message: a session whose mode does not allow {@code use} routes
     * nothing, and the refusal looks like any other unroutable one from outside.
     */
    public Decision decide(String rawCaller, String rawDialed, Use use) {
        Optional<String> dialed = normalized(rawDialed);
        Optional<String> caller = normalized(rawCaller);
        String callerForLog = caller.orElse(Sanitizer.number(rawCaller));
        String dialedForLog = dialed.orElse(Sanitizer.number(rawDialed));
        try {
            if (dialed.isEmpty()) return new Unroutable("dialed number unreadable", callerForLog, dialedForLog, false);
            boolean service = false;
            if (caller.isPresent()) {
                Optional<Route> r = routes.findRoute(caller.get(), dialed.get());
                if (r.isPresent() && allows(r.get(), use)) return new Routed(r.get(), callerForLog, dialedForLog);
                if (r.isPresent()) return new Unroutable(MODE_FORBIDS, callerForLog, dialedForLog, true);
            }
            service = routes.isServiceNumber(dialed.get());
            return new Unroutable(caller.isEmpty() ? "caller id unreadable" : "no open session for this caller on this number",
                    callerForLog, dialedForLog, service);
        } catch (StoreUnavailableException | IllegalStateException e) {
            return new StoreDown(String.valueOf(e.getMessage()), callerForLog, dialedForLog);
        }
    }

    private static boolean allows(Route r, Use use) {
        return use == Use.CALL ? r.mode().allowsCalls() : r.mode().allowsMessages();
    }

    private Optional<String> normalized(String raw) {
        try {
            return Optional.of(PhoneNumbers.normalize(raw, defaultCountry));
        } catch (RuntimeException e) { // InvalidNumberException, or a null
            return Optional.empty();
        }
    }
}
