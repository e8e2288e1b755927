package org.maskline.calls;

import java.util.Optional;
import org.maskline.menu.MenuOffer;
import org.maskline.menu.MenuSettings;
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
 *
 * <p>With menu settings (the ARI path), a call that cannot go straight through may get the menu
 * instead ({@link Detour}): its callee is unavailable, its session ended inside the recontact window,
 * it dialed the contact-centre number, or every unroutable call gets the menu.
 */
public final class RouteDecision {
    private final RouteLookup routes;
    private final String defaultCountry;
    /** Null: no menu (the FastAGI path, which cannot play one). */
    private final MenuSettings menus;
    private final RouteHooks hooks;

    public RouteDecision(RouteLookup routes, String defaultCountry) {
        this(routes, defaultCountry, (MenuSettings) null, RouteHooks.NONE);
    }

    public RouteDecision(RouteLookup routes, String defaultCountry, MenuSettings menus) {
        this(routes, defaultCountry, menus, RouteHooks.NONE);
    }

    /** With the backend's hooks (issue 16: intercept, routing webhook) applied to every decision. */
    public RouteDecision(RouteLookup routes, String defaultCountry, RouteHooks hooks) {
        this(routes, defaultCountry, (MenuSettings) null, hooks);
    }

    public RouteDecision(RouteLookup routes, String defaultCountry, MenuSettings menus, RouteHooks hooks) {
        this.routes = routes;
        this.defaultCountry = defaultCountry;
        this.menus = menus;
        this.hooks = hooks;
    }

    /** What to do with one call. */
    public sealed interface Decision {
        String caller();

        String dialed();
    }

    /**
     * An open session routes this call to {@code route.calleeNumber()}. {@code record}: the routing
     * webhook asked for this call to be recorded, whatever its session (if any) says.
     */
    public record Routed(Route route, String caller, String dialed, boolean record) implements Decision {
        public Routed(Route route, String caller, String dialed) {
            this(route, caller, dialed, false);
        }
    }

    /**
     * No session routes it. {@code dialedIsServiceNumber} says whether the dialed number is in the
     * pool (a stranger may dial anything, even a participant's real number).
     */
    public record Unroutable(String why, String caller, String dialed, boolean dialedIsServiceNumber) implements Decision {}

    /** The store could not answer: reject the call, dial nobody. */
    public record StoreDown(String why, String caller, String dialed) implements Decision {}

    /**
     * The call gets the menu, with this offer. {@code dialedIsServiceNumber}: as for {@link Unroutable}
     * (what an operator may be shown).
     */
    public record Detour(MenuOffer offer, String why, String caller, String dialed, boolean dialedIsServiceNumber)
            implements Decision {}

    /** What the decision is for (issue 13): a session's mode allows calls, messages or both. */
    public enum Use { CALL, MESSAGE }

    /** The reason given when a session's mode forbids what was asked (logged; the caller is told nothing more). */
    public static final String MODE_FORBIDS = "the session's mode forbids this";

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

    /** A call's decision by the store alone (the hooks are not asked). */
    public Decision decide(String rawCaller, String rawDialed) {
        return decide(rawCaller, rawDialed, Use.CALL);
    }

    /**
     * The decision for a call or a message: a session whose mode does not allow {@code use} routes
     * nothing, and the refusal looks like any other unroutable one from outside. A message never gets
     * the voice menu: it is routed, or refused.
     */
    public Decision decide(String rawCaller, String rawDialed, Use use) {
        Optional<String> dialed = normalized(rawDialed);
        Optional<String> caller = normalized(rawCaller);
        String callerForLog = caller.orElse(Sanitizer.number(rawCaller));
        String dialedForLog = dialed.orElse(Sanitizer.number(rawDialed));
        try {
            if (dialed.isEmpty()) return new Unroutable("dialed number unreadable", callerForLog, dialedForLog, false);
            if (caller.isPresent()) {
                Optional<Route> r = routes.findRoute(caller.get(), dialed.get());
                if (r.isPresent() && !allows(r.get(), use)) {
                    return new Unroutable(MODE_FORBIDS, callerForLog, dialedForLog, true);
                }
                if (r.isPresent() && use == Use.MESSAGE) return new Routed(shown(r.get()), callerForLog, dialedForLog);
                if (r.isPresent()) {
                    Route route = shown(r.get());
                    if (menus != null && !routes.isAvailable(route.calleeNumber())) {
                        return detour(MenuOffer.Kind.UNAVAILABLE, route, "the callee is unavailable", callerForLog, dialedForLog);
                    }
                    return new Routed(route, callerForLog, dialedForLog);
                }
                if (menus != null && use == Use.CALL) {
                    Optional<Decision> d = menuFor(caller.get(), dialed.get(), callerForLog, dialedForLog);
                    if (d.isPresent()) return d.get();
                }
            }
            boolean service = routes.isServiceNumber(dialed.get());
            if (menus != null && use == Use.CALL && menus.unroutableMenu()) {
                return new Detour(new MenuOffer(MenuOffer.Kind.OPERATOR_ONLY, null, true), "unroutable: menu",
                        callerForLog, dialedForLog, service);
            }
            return new Unroutable(caller.isEmpty() ? "caller id unreadable" : "no open session for this caller on this number",
                    callerForLog, dialedForLog, service);
        } catch (StoreUnavailableException | IllegalStateException e) {
            return new StoreDown(String.valueOf(e.getMessage()), callerForLog, dialedForLog);
        }
    }

    /** No open session on this key: the contact-centre number, or a session in its recontact window. */
    private Optional<Decision> menuFor(String caller, String dialed, String callerForLog, String dialedForLog) {
        if (menus.fixedCallerId().filter(dialed::equals).isPresent()) {
            // The one contact-centre number names no session: the caller alone must, unambiguously.
            RouteLookup.CallerRoutes mine = routes.findByCaller(caller);
            if (mine.open().size() == 1) {
                Route route = shown(mine.open().getFirst());
                route = new Route(route.sessionId(), caller, dialed, route.calleeNumber(), route.calleeProxy());
                if (!routes.isAvailable(route.calleeNumber())) {
                    return Optional.of(detour(MenuOffer.Kind.UNAVAILABLE, route, "the callee is unavailable", callerForLog, dialedForLog));
                }
                return Optional.of(new Routed(route, callerForLog, dialedForLog));
            }
            if (mine.open().isEmpty() && mine.recontact().size() == 1) {
                Route r = shown(mine.recontact().getFirst());
                return Optional.of(recontact(new Route(r.sessionId(), caller, dialed, r.calleeNumber(), r.calleeProxy()),
                        callerForLog, dialedForLog));
            }
            if (menus.operator().isPresent()) {
                String why = mine.open().isEmpty() && mine.recontact().isEmpty() ? "no session for this caller"
                        : "the caller is in several sessions";
                return Optional.of(new Detour(new MenuOffer(MenuOffer.Kind.OPERATOR_ONLY, null, true),
                        "contact-centre number: " + why, callerForLog, dialedForLog, true));
            }
            return Optional.empty();
        }
        return routes.findRecontact(caller, dialed).map(r -> recontact(shown(r), callerForLog, dialedForLog));
    }

    private Decision recontact(Route r, String callerForLog, String dialedForLog) {
        return routes.isAvailable(r.calleeNumber())
                ? detour(MenuOffer.Kind.RECONTACT, r, "recontact window", callerForLog, dialedForLog)
                : detour(MenuOffer.Kind.UNAVAILABLE, r, "recontact window; the callee is unavailable", callerForLog, dialedForLog);
    }

    private Detour detour(MenuOffer.Kind kind, Route route, String why, String callerForLog, String dialedForLog) {
        return new Detour(new MenuOffer(kind, route, menus.operator().isPresent()), why, callerForLog, dialedForLog, true);
    }

    /** With one contact-centre number, that is what every callee is shown. */
    private Route shown(Route r) {
        if (menus == null || menus.fixedCallerId().isEmpty()) return r;
        return new Route(r.sessionId(), r.callerNumber(), r.callerProxy(), r.calleeNumber(), menus.fixedCallerId().get(), r.mode());
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
